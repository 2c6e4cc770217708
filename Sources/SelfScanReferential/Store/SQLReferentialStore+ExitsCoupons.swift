public import Foundation
public import SelfScanAPI
public import SelfScanCore

/// Gate exits (a basket leaves once; a second exit is recorded and flagged), serialised coupons (spent once
/// chain-wide; a double spend made offline is recorded and flagged) and the audit flags both raise.
extension SQLReferentialStore {
    static let doubleExitFlag = "doubleExit"
    static let couponDoubleSpendFlag = "couponDoubleSpend"

    /// Inside the ingest transaction: one row per accepted `exited` item, at the store's next exit position;
    /// a basket with more than one exit is flagged `doubleExit`.
    static func recordExits(
        _ accepted: [PreparedIngestItem], identity: DeviceIdentity, received: String, in session: any SQLSession
    ) async throws {
        let store = identity.storeID.rawValue
        for entry in accepted {
            guard let exit = entry.exit else { continue }
            let arrival = try await session.rows(
                """
                INSERT INTO exit_arrivals (store_id, last) VALUES (\(store), 1)
                ON CONFLICT (store_id) DO UPDATE SET last = exit_arrivals.last + 1 RETURNING last
                """)
            let position = try arrival.first.map { try RowDecoding.int($0, 0) } ?? 0
            try await session.rows(
                """
                INSERT INTO basket_exits (store_id, device_id, item_id, session_id, pass_nonce, exited_at, received_at,
                    arrival)
                VALUES (\(store), \(identity.deviceID.rawValue), \(entry.item.id), \(exit.sessionID), \(exit.passNonce),
                    \(ProtocolJSON.text(of: exit.exitedAt)), \(received), \(position))
                ON CONFLICT (store_id, device_id, item_id) DO NOTHING
                """)
            let exits = try await session.rows(
                """
                SELECT device_id, exited_at FROM basket_exits WHERE store_id = \(store)
                    AND session_id = \(exit.sessionID) ORDER BY arrival
                """)
            guard exits.count > 1 else { continue }
            let detail = try exits.map { "\(try RowDecoding.text($0, 0)) at \(try RowDecoding.text($0, 1))" }
                .joined(separator: ", ")
            try await raiseFlag(
                store: store, kind: doubleExitFlag, subject: exit.sessionID,
                detail: "basket left \(exits.count) times: \(detail)", at: received, in: session)
        }
    }

    /// Inside the ingest transaction: the batch's coupon events — spends (`couponSpent`: a coupon used offline, or
    /// spent again when a late charge finished a voided sale) and releases (`couponReleased`: the basket was voided
    /// or abandoned) — applied in the order the device made them (`couponEventOrder`). A spend takes its serial
    /// when it is free; when another basket holds it, the spend is flagged `couponDoubleSpend` (the item itself is
    /// stored). A release frees the serial its own session holds, nothing else. Each is an accepted item, so it
    /// applies once.
    static func recordOfflineCouponSpends(
        _ accepted: [PreparedIngestItem], identity: DeviceIdentity, received: String, in session: any SQLSession
    ) async throws {
        for entry in couponEventOrder(accepted) {
            if let spend = entry.couponSpend {
                let holder = try await takeSerial(spend, identity: identity, in: session)
                guard !holder.isThisSpend else { continue }
                try await raiseFlag(
                    store: identity.storeID.rawValue, kind: couponDoubleSpendFlag, subject: "\(spend.serial)/\(spend.sessionID)",
                    detail: "coupon \(spend.serial) spent offline in session \(spend.sessionID) was already spent in store "
                        + "\(holder.answer.storeID), session \(holder.answer.sessionID)",
                    at: received, in: session)
            } else if let release = entry.couponRelease {
                try await session.rows(
                    """
                    DELETE FROM coupon_spends WHERE serial = \(release.serial)
                        AND store_id = \(identity.storeID.rawValue) AND session_id = \(release.sessionID)
                    """)
            }
        }
    }

    /// The batch's coupon events in the device's order. A batch is grouped by session (each session's items in
    /// `sequence` order), so across sessions the order is the items' `createdAt` (the device's clock, to the
    /// second). Within one second each session keeps its own order, and a release goes before another session's
    /// spend: a device never spends a serial its own ledger still holds, so when both are in one batch the
    /// release came first (voided basket A frees the coupon, basket B uses it).
    static func couponEventOrder(_ accepted: [PreparedIngestItem]) -> [PreparedIngestItem] {
        let events = accepted.filter { $0.couponSpend != nil || $0.couponRelease != nil }
        guard events.count > 1 else { return events }
        var ordered: [PreparedIngestItem] = []
        let seconds = Dictionary(grouping: events) { Int64($0.item.createdAt.timeIntervalSince1970.rounded(.down)) }
        for second in seconds.keys.sorted() {
            // Per session, in sequence order (sessions in order of first appearance in the batch).
            var queues: [[PreparedIngestItem]] = []
            var index: [String: Int] = [:]
            for entry in seconds[second] ?? [] {
                let key = entry.item.orderingKey ?? entry.item.id
                if let at = index[key] { queues[at].append(entry) } else {
                    index[key] = queues.count
                    queues.append([entry])
                }
            }
            for at in queues.indices { queues[at].sort { ($0.item.sequence ?? 0) < ($1.item.sequence ?? 0) } }
            while let next = queues.firstIndex(where: { $0.first?.couponRelease != nil })
                ?? queues.firstIndex(where: { !$0.isEmpty })
            {
                ordered.append(queues[next].removeFirst())
            }
        }
        return ordered
    }

    /// Claims `spend.serial` for this store and session, or returns who holds it.
    static func takeSerial(_ spend: CouponSpend, identity: DeviceIdentity, in session: any SQLSession) async throws
        -> (answer: CouponSpendAnswer, isThisSpend: Bool, replayed: Bool)
    {
        let store = identity.storeID.rawValue
        // In PostgreSQL a concurrent insert of the same serial waits for the first to commit, then skips it.
        let taken = try await session.rows(
            """
            INSERT INTO coupon_spends (serial, store_id, device_id, session_id, spent_at)
                VALUES (\(spend.serial), \(store), \(identity.deviceID.rawValue), \(spend.sessionID),
                \(ProtocolJSON.text(of: spend.spentAt)))
            ON CONFLICT (serial) DO NOTHING RETURNING serial
            """)
        if !taken.isEmpty {
            return (CouponSpendAnswer(serial: spend.serial, storeID: store, sessionID: spend.sessionID, spentAt: spend.spentAt, replayed: false), true, false)
        }
        guard let row = try await session.rows(
            "SELECT store_id, session_id, spent_at FROM coupon_spends WHERE serial = \(spend.serial)"
        ).first else { throw ReferentialError(.database, "coupon \(spend.serial) neither inserted nor found") }
        let answer = CouponSpendAnswer(
            serial: spend.serial, storeID: try RowDecoding.text(row, 0), sessionID: try RowDecoding.text(row, 1),
            spentAt: try RowDecoding.date(try RowDecoding.text(row, 2)), replayed: true)
        let same = answer.storeID == store && answer.sessionID == spend.sessionID
        return (answer, same, same)
    }

    static func raiseFlag(
        store: String, kind: String, subject: String, detail: String, at: String, in session: any SQLSession
    ) async throws {
        try await session.rows(
            """
            INSERT INTO audit_flags (store_id, kind, subject, detail, raised_at)
                VALUES (\(store), \(kind), \(subject), \(detail), \(at))
            ON CONFLICT (store_id, kind, subject) DO UPDATE SET detail = excluded.detail
            """)
    }

    public func spendCoupon(serial: String, _ request: CouponSpendRequest, by identity: DeviceIdentity) async throws
        -> CouponSpendAnswer
    {
        let spend = CouponSpend(serial: serial, sessionID: request.sessionID, spentAt: request.spentAt)
        let result = try await backend.transaction { session in
            try await Self.takeSerial(spend, identity: identity, in: session)
        }
        guard result.isThisSpend else {
            throw ReferentialError(
                .couponAlreadySpent,
                "coupon \(serial) was spent in store \(result.answer.storeID) at \(ProtocolJSON.text(of: result.answer.spentAt))")
        }
        return result.answer
    }

    public func exits(store: StoreID, after: Int64, limit: Int) async throws -> [ExitNotice] {
        try await backend.read { session in
            try await session.rows(
                """
                SELECT e.arrival, e.session_id, e.device_id, e.exited_at,
                    (SELECT COUNT(*) FROM basket_exits d WHERE d.store_id = e.store_id AND d.session_id = e.session_id)
                FROM basket_exits e WHERE e.store_id = \(store.rawValue) AND e.arrival > \(after)
                    ORDER BY e.arrival LIMIT \(Int64(limit))
                """).map { row in
                ExitNotice(
                    arrival: try RowDecoding.int(row, 0), sessionID: try RowDecoding.text(row, 1),
                    gateDevice: try RowDecoding.text(row, 2), exitedAt: try RowDecoding.date(try RowDecoding.text(row, 3)),
                    doubleExit: try RowDecoding.int(row, 4) > 1)
            }
        }
    }

    public func auditFlags(store: StoreID?) async throws -> [AuditFlag] {
        try await backend.read { session in
            try await session.rows(
                """
                SELECT kind, store_id, subject, detail, raised_at FROM audit_flags
                    WHERE store_id = \(store?.rawValue ?? "") OR \(store?.rawValue ?? "") = ''
                ORDER BY raised_at, kind, subject
                """).map { row in
                AuditFlag(
                    kind: try RowDecoding.text(row, 0), storeID: try RowDecoding.text(row, 1),
                    subject: try RowDecoding.text(row, 2), detail: try RowDecoding.text(row, 3),
                    raisedAt: try RowDecoding.date(try RowDecoding.text(row, 4)))
            }
        }
    }
}
