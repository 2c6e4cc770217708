public import Foundation
public import SelfScanAPI
public import SelfScanCore

extension SQLReferentialStore {
    public func ingest(_ items: [IngestItem], from identity: DeviceIdentity) async throws -> [IngestItemResult] {
        try await ingest(
            DecodedIngestBatch(storeID: identity.storeID.rawValue, items: try items.map(PreparedIngestItem.init)),
            from: identity)
    }

    public func ingest(_ batch: DecodedIngestBatch, from identity: DeviceIdentity) async throws -> [IngestItemResult] {
        try await ingest(batch, from: identity, tokenHash: nil)
    }

    /// With `tokenHash` (the HTTP route's), the token is checked again inside the transaction, in the statement
    /// that finds the stored ids: a token revoked on any node refuses the push (`revokedToken`) even when this
    /// node's authentication cache still holds it.
    public func ingest(
        _ batch: DecodedIngestBatch, from identity: DeviceIdentity, tokenHash: String?
    ) async throws -> [IngestItemResult] {
        let prepared = PreparedIngestItem.distinct(batch.items)
        let received = ProtocolJSON.text(of: Date())
        let results: [String: IngestItemResult] = try await backend.transaction { session in
            let rows = Self.ingestRows(session)
            var results: [String: IngestItemResult] = [:]
            // Replays are the common case after an outage: find the ids already stored in one statement.
            let stored = try await rows.storedFingerprints(
                ids: prepared.map(\.item.id), identity: identity, tokenHash: tokenHash)
            var fresh: [PreparedIngestItem] = []
            for entry in prepared {
                if let fingerprint = stored[entry.item.id] {
                    results[entry.item.id] = entry.answerForExisting(fingerprint: fingerprint)
                } else if let rejection = entry.rejectionResult {
                    results[entry.item.id] = rejection
                } else {
                    fresh.append(entry)
                }
            }
            let conflicting = prepared.filter { results[$0.item.id]?.reason == .conflictingDuplicate }
            let guarded = try await Self.guardClaimedSessions(
                fresh, conflicting: conflicting, identity: identity, rows: rows, in: session)
            for (id, result) in guarded.rejected { results[id] = result }
            fresh = guarded.allowed
            // One insert in id order. In PostgreSQL ON CONFLICT waits for a concurrent insert of the same id to
            // commit, then skips it: the loser of a race answers `duplicate`.
            let inserted = try await rows.insertItems(fresh, identity: identity, received: received)
            var accepted: [PreparedIngestItem] = []
            for entry in fresh {
                if inserted.contains(entry.item.id) {
                    accepted.append(entry)
                    results[entry.item.id] = IngestItemResult(id: entry.item.id, outcome: .accepted)
                } else {
                    let row = try await session.rows(
                        """
                        SELECT fingerprint FROM ingest_items WHERE store_id = \(identity.storeID.rawValue)
                            AND device_id = \(identity.deviceID.rawValue) AND id = \(entry.item.id)
                        """)
                    results[entry.item.id] = entry.answerForExisting(
                        fingerprint: try row.first.map { try RowDecoding.text($0, 0) } ?? "")
                }
            }
            try await rows.insertBaskets(
                accepted.compactMap { entry in entry.basket.map { (itemID: entry.item.id, basket: $0) } }, identity: identity)
            try await rows.insertPayments(
                accepted.compactMap { entry in entry.payment.map { (itemID: entry.item.id, payment: $0) } }, identity: identity)
            try await Self.recordExits(accepted, identity: identity, received: received, in: session)
            try await Self.recordOfflineCouponSpends(accepted, identity: identity, received: received, in: session)
            // Issue 18 hooks (separate files): "often bought with" counts, customers' e-receipts.
            try await Self.countForSuggestions(accepted, identity: identity, in: session)
            try await Self.recordReceipts(accepted, identity: identity, in: session)
            for entry in accepted {
                guard let order = entry.reservationOrder else { continue }
                // Recorded as if posted to /v1/reservations (a replay when the device reached us directly
                // meanwhile). An order naming an unknown product or store stays stored as ingested, unapplied.
                do {
                    _ = try await Self.reserve(order, for: identity.storeID, now: received, in: session)
                } catch let error as ReferentialError where error.code != .database && error.code != .corruptRow {
                    results[entry.item.id]?.detail = "stored, not applied: \(error)"
                }
            }
            return results
        }
        return PreparedIngestItem.answers(for: batch.items, results: results)
    }

    public func baskets(store: StoreID?) async throws -> [BasketRecord] {
        try await backend.read { session in
            try await session.rows(
                """
                SELECT session_id, store_id, total_minor, currency, line_count, closed_at, loyalty_card FROM baskets
                WHERE store_id = \(store?.rawValue ?? "") OR \(store?.rawValue ?? "") = ''
                    ORDER BY closed_at, session_id
                """).map(RowDecoding.basket)
        }
    }

    public func payments(store: StoreID?) async throws -> [IngestedPayment] {
        try await backend.read { session in
            try await session.rows(
                """
                SELECT payment_id, session_id, store_id, amount_minor, currency, outcome, scheme, last4, paid_at
                FROM payments WHERE store_id = \(store?.rawValue ?? "") OR \(store?.rawValue ?? "") = ''
                    ORDER BY paid_at, payment_id
                """).map(RowDecoding.payment)
        }
    }

    public func dayTotals(store: StoreID, day: String) async throws -> [DayTotals] {
        try await backend.read { session in
            let baskets = try await session.rows(
                """
                SELECT currency, COUNT(*), CAST(COALESCE(SUM(total_minor), 0) AS BIGINT) FROM baskets
                WHERE store_id = \(store.rawValue) AND substr(closed_at, 1, 10) = \(day) GROUP BY currency
                """)
            let payments = try await session.rows(
                """
                SELECT currency, COUNT(*), CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM payments
                WHERE store_id = \(store.rawValue) AND substr(paid_at, 1, 10) = \(day) AND outcome = 'approved'
                    GROUP BY currency
                """)
            return try RowDecoding.dayTotals(store: store, day: day, baskets: baskets, payments: payments)
        }
    }

    public func ingestCounts() async throws -> IngestCounts {
        try await backend.read { session in
            let row = try await session.rows(
                """
                SELECT (SELECT COUNT(*) FROM ingest_items), (SELECT COUNT(*) FROM baskets),
                    (SELECT COUNT(*) FROM payments)
                """).first ?? []
            return IngestCounts(
                items: Int(row.first?.int ?? 0), baskets: Int(row.dropFirst().first?.int ?? 0),
                payments: Int(row.dropFirst(2).first?.int ?? 0))
        }
    }
}
