import GRDB

extension StoreDatabase {
    /// Catalog format v2 (docs/catalog-format.md): product attributes in the offline cache. Append-only.
    static func registerCatalogAttributesMigrations(_ migrator: inout DatabaseMigrator) {
        // `attributes` holds `ProductAttributes` as JSON (brand, department, Nutri-Score, net content, links…):
        // shelf pages and labels read it whole; the scan path does not need it. `department` is copied out for
        // the labels command's per-department query. The catalog version drops to 0 so the next sync brings
        // every product again with its attributes (products keep selling meanwhile).
        migrator.registerMigration("2026-12-04-catalog-v2-attributes") { db in
            try db.execute(
                sql: """
                    ALTER TABLE catalog_product ADD COLUMN attributes TEXT;
                    ALTER TABLE catalog_product ADD COLUMN department TEXT;
                    CREATE INDEX catalog_product_department ON catalog_product(department);
                    UPDATE catalog_state SET version = 0;
                    """)
        }
    }
}
