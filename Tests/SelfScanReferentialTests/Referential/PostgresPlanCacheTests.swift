import Foundation
import SelfScanReferential
import Testing

/// The referential's pooled PostgreSQL connections live for days and prepare the ingest's statements once. With
/// PostgreSQL's default plan cache, a replay of 6,000 already-stored baskets ran at 721 baskets/s, its
/// stored-items lookup (`id = ANY($n)` over the device's rows) taking 60–190 ms per request at 18,000 rows; with
/// plans made per execution it ran at 2,085 baskets/s with no lookup over 30 ms (docs/benchmarks, 2026-12-04
/// 19:45–20:01). The backend's connections must keep that setting.
@Suite("Referential on PostgreSQL: plans made per execution")
struct PostgresPlanCacheTests {
    @Test("the backend's connections plan each execution afresh (plan_cache_mode = force_custom_plan)")
    func connectionsPlanPerExecution() async throws {
        try await TestBackend.postgres.withBareStore { store in
            let rows = try await store.backend.query("SHOW plan_cache_mode")
            #expect(rows == [[.text("force_custom_plan")]])
            let inTransaction = try await store.backend.transaction { session in
                try await session.rows("SHOW plan_cache_mode")
            }
            #expect(inTransaction == [[.text("force_custom_plan")]])
        }
    }
}
