public import Foundation
import GRDB
import SelfScanAPI
public import SelfScanCore

/// A staff member's resolution of a payment intent whose outcome the terminal could not tell (a timeout after
/// the request left, a connection cut mid-answer), read from the terminal's own journal.
public struct PaymentIntentResolution: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The journal shows the transaction: the card was charged (or, for a refund, credited).
        case charged
        /// The journal does not show it: nothing was charged.
        case notCharged
    }

    /// The attempt resolved (`<idempotencyKey>#<attempt>`).
    public let requestID: String
    public let idempotencyKey: String
    public let kind: Kind
    /// `charged`: the authorisation number the terminal's journal prints.
    public let authorisationCode: String?
    public let staffID: String
    public let note: String?
    public let resolvedAt: Date

    public init(
        requestID: String, idempotencyKey: String, kind: Kind, authorisationCode: String?, staffID: String,
        note: String?, resolvedAt: Date
    ) {
        self.requestID = requestID
        self.idempotencyKey = idempotencyKey
        self.kind = kind
        self.authorisationCode = authorisationCode
        self.staffID = staffID
        self.note = note
        self.resolvedAt = resolvedAt
    }

    /// Same decision (kind and authorisation number): a retried request, not a second resolution.
    public func isSameDecision(as other: PaymentIntentResolution) -> Bool {
        kind == other.kind && authorisationCode == other.authorisationCode
    }
}

/// What `PaymentIntentStore.resolveByStaff` did.
public enum PaymentIntentResolutionOutcome: Sendable, Hashable {
    /// Resolved now: the payment record (charged) or the closed intent (not charged), with its audit entry.
    case resolved(PaymentIntent, PaymentIntentResolution, PaymentRecord?)
    /// The same resolution was already recorded (a retried request): nothing changed.
    case replayed(PaymentIntent, PaymentIntentResolution, PaymentRecord?)
    /// A different resolution of this attempt stands: nothing changed.
    case conflicting(PaymentIntentResolution)
    /// The intent is no longer open (the daemon recorded its answer, or closed it): nothing changed.
    case notOpen(PaymentIntent)
    /// No intent attempt has this request id.
    case unknownIntent
}

extension PaymentIntentStore {
    /// Resolves the open intent attempt `requestID` by hand, exactly once: in one transaction, the resolution
    /// row (its primary key is the attempt), the audit-log entry and either the payment record with its outbox
    /// row (`charged`: the intent completes) or the intent closed as `notCharged`. A retry of the same decision
    /// answers `replayed`; a different decision `conflicting`.
    ///
    /// - Parameters:
    ///   - record: builds the payment record of a `charged` resolution from the intent (what the terminal would
    ///     have answered: amount, authorisation number, transaction id).
    ///   - outbox: the outbox rows of that record.
    public func resolveByStaff(
        requestID: String, kind: PaymentIntentResolution.Kind, authorisationCode: String?, staffID: String,
        note: String?, now: Date = Date(),
        record: @escaping @Sendable (PaymentIntent) throws -> PaymentRecord,
        outbox: @escaping @Sendable (PaymentRecord) throws -> [OutboxMessage]
    ) async throws(StorageError) -> PaymentIntentResolutionOutcome {
        try await database.writeSuspending(doing: "resolving payment intent \(requestID)") { db in
            guard
                let intent = try Row.fetchOne(
                    db, sql: "SELECT * FROM payment_intent WHERE requestID = ?", arguments: [requestID]
                ).map(PaymentIntentStore.intent)
            else {
                // An earlier attempt of a key that was retried (after `notCharged`): its row was replaced by the
                // next attempt's, its resolution stays.
                guard let earlier = try PaymentIntentStore.resolution(requestID: requestID, in: db) else {
                    return .unknownIntent
                }
                if earlier.kind == kind, kind == .notCharged,
                    let current = try PaymentIntentStore.fetch(key: earlier.idempotencyKey, in: db)
                {
                    return .replayed(current, earlier, nil)
                }
                return .conflicting(earlier)
            }
            let asked = PaymentIntentResolution(
                requestID: requestID, idempotencyKey: intent.idempotencyKey, kind: kind,
                authorisationCode: kind == .charged ? authorisationCode : nil, staffID: staffID, note: note,
                resolvedAt: now)
            if let existing = try PaymentIntentStore.resolution(requestID: requestID, in: db) {
                guard existing.isSameDecision(as: asked) else { return .conflicting(existing) }
                let payment = try PaymentStore.fetch(idempotencyKey: intent.idempotencyKey, in: db)
                return .replayed(intent, existing, existing.kind == .charged ? payment : nil)
            }
            guard intent.state == .open else { return .notOpen(intent) }
            try db.execute(
                sql: """
                    INSERT INTO payment_intent_resolution
                        (requestID, idempotencyKey, resolution, authorisationCode, staffID, note, resolvedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    requestID, intent.idempotencyKey, kind.rawValue, asked.authorisationCode, staffID, note,
                    Milliseconds.from(now),
                ])
            var payment: PaymentRecord?
            switch kind {
            case .charged:
                let built = try record(intent)
                _ = try PaymentStore.record(built, outbox: try outbox(built), in: db, now: now)
                payment = built
            case .notCharged:
                try db.execute(
                    sql: "UPDATE payment_intent SET state = 'notCharged', resolvedAt = ? WHERE requestID = ? AND state = 'open'",
                    arguments: [Milliseconds.from(now), requestID])
            }
            var fields: [String: Any] = [
                "requestID": requestID, "payment": intent.idempotencyKey, "kind": intent.kind.rawValue,
                "resolution": kind.rawValue, "amountMinor": intent.amount.minor,
                "currency": intent.amount.currency.code,
            ]
            fields["authorisationCode"] = asked.authorisationCode
            fields["note"] = note
            let detail = String(
                decoding: try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]), as: UTF8.self)
            try AuditLog.append(
                kind: "paymentIntentResolved", actor: staffID, sessionID: intent.sessionID.uuidString, detail: detail,
                at: now, in: db)
            return .resolved(intent, asked, payment)
        }
    }

    /// The staff resolution of an attempt, if any.
    public func resolution(requestID: String) throws(StorageError) -> PaymentIntentResolution? {
        try database.read(doing: "reading the resolution of \(requestID)") { db in
            try PaymentIntentStore.resolution(requestID: requestID, in: db)
        }
    }

    /// Every intent attempt resolved by staff, newest first (at most `limit`).
    public func staffResolutions(limit: Int = 50) throws(StorageError) -> [PaymentIntentResolution] {
        try database.read(doing: "reading payment intent resolutions") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM payment_intent_resolution ORDER BY resolvedAt DESC, rowid DESC LIMIT ?",
                arguments: [limit]
            ).map(PaymentIntentStore.resolutionRow)
        }
    }

    static func resolution(requestID: String, in db: Database) throws -> PaymentIntentResolution? {
        try Row.fetchOne(db, sql: "SELECT * FROM payment_intent_resolution WHERE requestID = ?", arguments: [requestID])
            .map(resolutionRow)
    }

    private static func resolutionRow(_ row: Row) throws -> PaymentIntentResolution {
        let kindText: String = row["resolution"]
        guard let kind = PaymentIntentResolution.Kind(rawValue: kindText) else {
            throw StorageError(code: .invalidStoredData, message: "payment intent resolution '\(kindText)'")
        }
        return PaymentIntentResolution(
            requestID: row["requestID"], idempotencyKey: row["idempotencyKey"], kind: kind,
            authorisationCode: row["authorisationCode"], staffID: row["staffID"], note: row["note"],
            resolvedAt: Milliseconds.date(row["resolvedAt"]))
    }
}
