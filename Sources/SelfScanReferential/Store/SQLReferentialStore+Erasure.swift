import Crypto
import Foundation
public import SelfScanAPI
public import SelfScanCore

/// RGPD erasure (art. 17): one transaction, so a crash (kill -9) leaves everything as before or everything
/// done; idempotent; the accounting (baskets, payments, day totals) is untouched (docs/privacy.md).
extension SQLReferentialStore {
    public func eraseCustomer(_ id: CustomerID) async throws -> ErasureResult {
        try await eraseCustomer(id, afterUnlinking: {})
    }

    /// `afterUnlinking` runs inside the transaction once the links are gone, before the log: tests make it
    /// throw to prove an interrupted erasure leaves everything as before.
    func eraseCustomer(_ id: CustomerID, afterUnlinking: @escaping @Sendable () async throws -> Void)
        async throws -> ErasureResult
    {
        let now = Date()
        let result = try await backend.transaction { session -> ErasureResult in
            let digest = try await Self.subjectDigest(id, in: session)
            if let row = try await session.rows(
                "SELECT id, erased_at, catalog_version FROM erasure_log WHERE subject_digest = \(digest)").first {
                return ErasureResult(
                    erasureID: try RowDecoding.text(row, 0), alreadyErased: true,
                    erasedAt: try RowDecoding.date(try RowDecoding.text(row, 1)),
                    catalogVersion: try RowDecoding.int(row, 2), unlinkedItems: 0, cardsRemoved: 0)
            }
            let record = try await session.rows(
                "SELECT deleted FROM catalog_records WHERE record_type = 'customer' AND record_key = \(id.rawValue)")
            guard let recordRow = record.first else {
                throw ReferentialError(.unknownCustomer, "no customer \(id.rawValue): nothing erased")
            }
            let erasureID = UUID().uuidString.lowercased()
            let cards = try await session.rows(
                "DELETE FROM customer_cards WHERE customer_id = \(id.rawValue) RETURNING card").count
            var version = try await Self.head(session).version
            if try RowDecoding.int(recordRow, 0) == 0 {
                version = try await Self.publish(
                    [try StoredRecord(.deleteCustomer(id))], note: "erasure \(erasureID)", in: session)
            }
            let unlinked = try await Self.unlink(id, token: "erased-\(erasureID)", in: session)
            _ = try await Self.eraseReceipts(of: id, in: session)
            try await afterUnlinking()
            try await session.rows(
                """
                INSERT INTO erasure_log (id, erased_at, subject_digest, catalog_version, unlinked_items, cards_removed)
                VALUES (\(erasureID), \(ProtocolJSON.text(of: now)), \(digest), \(version.rawValue), \(Int64(unlinked)),
                    \(Int64(cards)))
                """)
            try await Self.purgeCustomerTombstones(in: session)
            return ErasureResult(
                erasureID: erasureID, alreadyErased: false, erasedAt: now, catalogVersion: version.rawValue,
                unlinkedItems: Int64(unlinked), cardsRemoved: Int64(cards))
        }
        if !result.alreadyErased { try await backend.reclaimDeletedSpace() }
        return result
    }

    /// Replaces the customer id by `token` in every stored JSON that names it as a customer (`customerID`
    /// fields of ingest payloads and reservation requests) and in catalog version notes. Returns the count.
    static func unlink(_ id: CustomerID, token: String, in session: any SQLSession) async throws -> Int {
        let pattern = "%" + likeEscaped(id.rawValue) + "%"
        var count = 0
        let items = try await session.rows(
            "SELECT id, payload FROM ingest_items WHERE payload LIKE \(pattern) ESCAPE '\\'")
        for row in items {
            let payloadText = try RowDecoding.text(row, 1)
            let payload = try ProtocolJSON.decoder().decode(JSONValue.self, from: Data(payloadText.utf8))
            let (changed, replaced) = replacingCustomerID(in: payload, id: id.rawValue, with: token)
            guard replaced else { continue }
            let text = String(decoding: try ProtocolJSON.encoder().encode(changed), as: UTF8.self)
            // The fingerprint stays: a device replaying the original item is still answered `duplicate`.
            try await session.rows(
                "UPDATE ingest_items SET payload = \(text) WHERE id = \(try RowDecoding.text(row, 0))")
            count += 1
        }
        let notes = try await session.rows(
            "SELECT version, note FROM catalog_versions WHERE note LIKE \(pattern) ESCAPE '\\'")
        for row in notes {
            let note = try RowDecoding.text(row, 1).replacingOccurrences(of: id.rawValue, with: token)
            try await session.rows(
                "UPDATE catalog_versions SET note = \(note) WHERE version = \(try RowDecoding.int(row, 0))")
            count += 1
        }
        return count
    }

    /// `payload` with every `customerID` (or `customerId`) string equal to `id` replaced by `token`.
    static func replacingCustomerID(in payload: JSONValue, id: String, with token: String) -> (JSONValue, Bool) {
        switch payload {
        case .object(let fields):
            var replaced = false
            var result: [String: JSONValue] = [:]
            for (key, value) in fields {
                if (key == "customerID" || key == "customerId"), case .string(let text) = value, text == id {
                    result[key] = .string(token)
                    replaced = true
                } else {
                    let (inner, changed) = replacingCustomerID(in: value, id: id, with: token)
                    result[key] = inner
                    replaced = replaced || changed
                }
            }
            return (.object(result), replaced)
        case .array(let values):
            var replaced = false
            let result = values.map { value -> JSONValue in
                let (inner, changed) = replacingCustomerID(in: value, id: id, with: token)
                replaced = replaced || changed
                return inner
            }
            return (.array(result), replaced)
        default:
            return (payload, false)
        }
    }

    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    /// HMAC-SHA256 of the customer id under this referential's random erasure secret (created once).
    static func subjectDigest(_ id: CustomerID, in session: any SQLSession) async throws -> String {
        var secret = try await session.rows("SELECT secret FROM privacy_secrets WHERE name = 'erasure'").first
            .map { try RowDecoding.text($0, 0) }
        if secret == nil {
            let fresh = PBKDF2CardHasher.newKey(iterations: 1).salt + PBKDF2CardHasher.newKey(iterations: 1).salt
            try await session.rows(
                "INSERT INTO privacy_secrets (name, secret) VALUES ('erasure', \(fresh)) ON CONFLICT (name) DO NOTHING")
            secret = try await session.rows("SELECT secret FROM privacy_secrets WHERE name = 'erasure'").first
                .map { try RowDecoding.text($0, 0) }
        }
        let key = SymmetricKey(data: Data((secret ?? "").utf8))
        return HMAC<SHA256>.authenticationCode(for: Data(id.rawValue.utf8), using: key)
            .map { String(format: "%02x", $0) }.joined()
    }

    /// Customer deletions that every device has already received (its last `since` is at or past them) are
    /// dropped: the tombstone names the pseudonymous id, and a device taking a snapshot never needs it.
    @discardableResult
    static func purgeCustomerTombstones(in session: any SQLSession) async throws -> Int {
        try await session.rows(
            """
            DELETE FROM catalog_records WHERE record_type = 'customer' AND deleted = 1
                AND changed_version <= (SELECT MIN(version) FROM device_catalog_positions)
            RETURNING record_key
            """).count
    }

    /// Records the catalog version a device holds (its delta's `since`, or the snapshot it fetched), then
    /// purges the tombstones every device is past.
    public func recordCatalogPosition(_ device: DeviceIdentity, version: CatalogVersion) async throws {
        let purged = try await backend.transaction { session in
            try await session.rows(
                """
                INSERT INTO device_catalog_positions (store_id, device_id, version, seen_at)
                    VALUES (\(device.storeID.rawValue), \(device.deviceID.rawValue), \(version.rawValue),
                    \(ProtocolJSON.text(of: Date())))
                ON CONFLICT (store_id, device_id) DO UPDATE SET version = excluded.version, seen_at = excluded.seen_at
                """)
            return try await Self.purgeCustomerTombstones(in: session)
        }
        if purged > 0 { try await backend.reclaimDeletedSpace() }
    }

    /// Sets the customer's consent to personal offers: a new catalog version carries it to every device.
    public func setPersonalOffersConsent(_ id: CustomerID, consent: Bool) async throws -> CatalogVersion {
        try await backend.transaction { session in
            guard let row = try await session.rows(
                """
                SELECT document FROM catalog_records WHERE record_type = 'customer' AND record_key = \(id.rawValue)
                    AND deleted = 0
                """
            ).first, case .customer(let customer) = try RowDecoding.record(try RowDecoding.text(row, 0)) else {
                throw ReferentialError(.unknownCustomer, "no customer \(id.rawValue)")
            }
            return try await Self.publish(
                [try StoredRecord(.customer(customer.withPersonalOffersConsent(consent)))],
                note: "consent \(consent ? "given" : "withdrawn") \(id.rawValue)", in: session)
        }
    }

    /// The erasure log (no personal data), newest first.
    public func erasureLog() async throws -> [ErasureResult] {
        try await backend.read { session in
            try await session.rows(
                """
                SELECT id, erased_at, catalog_version, unlinked_items, cards_removed FROM erasure_log
                    ORDER BY erased_at DESC, id
                """
            ).map {
                ErasureResult(
                    erasureID: try RowDecoding.text($0, 0), alreadyErased: false,
                    erasedAt: try RowDecoding.date(try RowDecoding.text($0, 1)), catalogVersion: try RowDecoding.int($0, 2),
                    unlinkedItems: try RowDecoding.int($0, 3), cardsRemoved: try RowDecoding.int($0, 4))
            }
        }
    }
}
