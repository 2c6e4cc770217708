import Foundation
import SelfScanCore
@testable import SelfScanReferential
import Testing

/// The ingest's duplicate check on PostgreSQL looks each id up by the whole primary key, whatever the planner's
/// statistics say. It used to be `id = ANY($ids)` beside a join: with statistics taken while `ingest_items` was
/// empty (a new schema, then a store's first catch-up), PostgreSQL scanned every stored item of the device and
/// filtered the ids — 21 ms per request at 60,000 items, growing with the device's history.
@Suite("Referential ingest: the duplicate check's plan on PostgreSQL")
struct IngestLookupPlanTests {
    static let store = "plan-store", device = "plan-device", token = String(repeating: "ab", count: 32)

    /// `sql` with its `$n` replaced by literals (highest first, so `$1` never eats `$10`).
    static func literal(_ sql: String, _ values: [String]) -> String {
        var text = sql
        for (index, value) in values.enumerated().reversed() { text = text.replacingOccurrences(of: "$\(index + 1)", with: value) }
        return text
    }

    @Test("stale statistics: every stored-items statement probes the key, never filters the device's items")
    func probesByKeyWithStaleStatistics() async throws {
        try await TestBackend.postgres.withBareStore { store in
            try await store.migrate()
            try await store.createStore(StoreRecord(id: StoreID(Self.store), name: "Plan", priceConflictRule: .chargeScanPrice))
            let sql = store.backend
            try await sql.transaction { session -> Void in
                try await session.rows(
                    """
                    INSERT INTO device_tokens (token_hash, store_id, device_id, issued_at)
                    VALUES (\(Self.token), \(Self.store), \(Self.device), '2026-12-05T00:00:00Z')
                    """)
            }
            // Statistics of an empty table, then a device's history arrives.
            _ = try await sql.query("ANALYZE ingest_items")
            try await sql.transaction { session -> Void in
                try await session.rows(
                    """
                    INSERT INTO ingest_items (store_id, device_id, id, kind, created_at, received_at, payload, fingerprint)
                    SELECT \(Self.store), \(Self.device), 'item-' || g, 'basketEvent', 'c', 'r', '{}', 'f'
                    FROM generate_series(1, 5000) g
                    """)
            }
            let ids = "ARRAY[" + (1...200).map { "'item-\($0 * 7)'" }.joined(separator: ",") + "]"
            let statements = [
                Self.literal(PostgresIngestRows.AuthorizedStoredItems.sql, ["'\(Self.token)'", "'\(Self.store)'", "'\(Self.device)'", ids]),
                Self.literal(PostgresIngestRows.StoredItems.sql, ["'\(Self.store)'", "'\(Self.device)'", ids]),
            ]
            for statement in statements {
                let plan = try await sql.query(SQLStatement(unsafeSQL: "EXPLAIN (ANALYZE, FORMAT TEXT) " + statement))
                    .compactMap { row -> String? in if case .text(let line)? = row.first { line } else { nil } }
                    .joined(separator: "\n")
                #expect(!plan.contains("Rows Removed by Filter"), "the device's items were filtered:\n\(plan)")
                #expect(plan.contains("id = "), "no lookup by id in the plan:\n\(plan)")
                // And it still finds them: 200 asked, 200 stored.
                let found = try await sql.query(SQLStatement(unsafeSQL: "SELECT count(*) FROM (\(statement)) s(id, fp) WHERE s.fp IS NOT NULL"))
                #expect(found == [[.integer(200)]])
            }
        }
    }
}
