import Foundation
@testable import SelfScanReferential
import SelfScanAPI
import SelfScanCore
import Testing

/// Issue 16 #1: versioned migrations on both backends (GRDB's `DatabaseMigrator` on SQLite, `schema_versions`
/// on PostgreSQL), each applied once; databases of the releases before versions are adopted.
@Suite("Referential: versioned schema migrations")
struct MigrationHistoryTests {
    @Test("a fresh database applies and records every migration, in order; a second migrate is a no-op", arguments: TestBackend.allCases)
    func freshDatabaseRecordsEveryVersion(backend: TestBackend) async throws {
        try await backend.withBareStore { store in
            #expect(try await store.appliedMigrations() == [])
            try await store.migrate()
            #expect(try await store.appliedMigrations() == SQLReferentialStore.knownMigrations)
            try await store.migrate()
            #expect(try await store.appliedMigrations() == SQLReferentialStore.knownMigrations)
            #expect(SQLReferentialStore.knownMigrations.first == "0001-baseline")
        }
    }

    /// The last release before versions: baseline + the two named migrations recorded in `schema_migrations`.
    /// A basket whose closing device cannot be derived from an ingest item keeps its `device_id`: re-running the
    /// scoping migration would overwrite it with '' (that is how a migration applied twice would show).
    @Test("a database of the last unversioned release is adopted: nothing re-applied, its rows kept", arguments: TestBackend.allCases)
    func adoptsTheLastUnversionedRelease(backend: TestBackend) async throws {
        try await backend.withBareStore { store in
            let baseline = ReferentialSchema.statements + ReferentialSchema.handoffStatements + ReferentialSchema.privacyStatements
            try await store.backend.prepareSchema(
                baseline + ReferentialSchema.scopeClientIDs + ReferentialSchema.exitsCouponsFlags + [
                    "CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)",
                    "INSERT INTO schema_migrations VALUES ('2026-12-04-scope-client-ids', '2026-12-04T10:00:00Z')",
                    "INSERT INTO schema_migrations VALUES ('2026-12-04-exits-coupons-flags', '2026-12-04T10:00:00Z')",
                    """
                    INSERT INTO baskets (store_id, session_id, device_id, item_id, total_minor, currency, line_count, closed_at)
                    VALUES ('lyon-2', 'S1', 'kiosk-9', 'I-gone', 500, 'EUR', 1, '2026-11-20T10:00:00Z')
                    """,
                ])
            try await store.migrate()
            #expect(try await store.appliedMigrations() == SQLReferentialStore.knownMigrations)
            let devices = try await store.backend.query("SELECT device_id FROM baskets")
            #expect(devices == [[.text("kiosk-9")]])
            #expect(try await store.ingestCounts() == IngestCounts(items: 0, baskets: 1, payments: 0))
            // The schema works: a basket pushed after the upgrade is stored beside the old one.
            _ = try await store.issueDeviceToken(store: "lyon-2", device: "kiosk-1", creatingStore: true)
            let items = try ScopedClientIDTests.paidBasket(
                store: "lyon-2", session: UUID(), paymentID: "PAY-1", itemPrefix: "I1", totalMinor: 700)
            let results = try await store.ingest(items, from: DeviceIdentity(storeID: "lyon-2", deviceID: "kiosk-1"))
            #expect(results.map(\.outcome) == [.accepted, .accepted])
            #expect(try await store.ingestCounts() == IngestCounts(items: 2, baskets: 2, payments: 1))
        }
    }

    @Test("a database of the first schema (no history at all) is adopted at version 1 and upgraded", arguments: TestBackend.allCases)
    func adoptsTheFirstSchemaAtVersionOne(backend: TestBackend) async throws {
        try await backend.withBareStore { store in
            try await store.backend.prepareSchema([
                "CREATE TABLE stores (id TEXT PRIMARY KEY, name TEXT NOT NULL, price_conflict_rule TEXT NOT NULL, created_at TEXT NOT NULL)",
                "INSERT INTO stores VALUES ('metz-1', 'Metz', 'chargeScanPrice', '2026-11-01T00:00:00Z')",
            ])
            try await store.migrate()
            #expect(try await store.appliedMigrations() == SQLReferentialStore.knownMigrations)
            #expect(try await store.stores().map(\.id) == ["metz-1"])
        }
    }
}
