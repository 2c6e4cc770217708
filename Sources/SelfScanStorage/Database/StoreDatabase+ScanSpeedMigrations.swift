import GRDB

extension StoreDatabase {
    /// Indexes for the per-scan hot path (issue 16). Append-only, like every migration.
    static func registerScanSpeedMigrations(_ migrator: inout DatabaseMigrator) {
        // The totals read the basket-threshold promotions by kind: one index probe, not a table scan.
        migrator.registerMigration("2026-12-04-catalog-promotion-kind") { db in
            try db.execute(sql: "CREATE INDEX catalog_promotion_kind ON catalog_promotion(kind)")
        }
    }
}
