import GRDB

extension StoreDatabase {
    /// The product count stored with the catalog version (issue 16, delta in place): a delta applied by a
    /// process that kept nothing (`selfscan catalog import`, a restarted daemon) starts from it instead of a
    /// `COUNT(*)` over every product. Written in the apply's transaction, so it is always the committed count;
    /// NULL (a cache applied before this migration) means "count once". Append-only.
    static func registerCatalogCountMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("2026-12-04-catalog-product-count") { db in
            try db.execute(sql: "ALTER TABLE catalog_state ADD COLUMN productCount INTEGER")
        }
    }
}
