import GRDB

extension StoreDatabase {
    /// Suggestions from the referential (catalog record type `suggestions`, issue 18). Append-only.
    static func registerSuggestionMigrations(_ migrator: inout DatabaseMigrator) {
        // One row per product and scope (`storeID` = '' chain-wide), `body` the `ProductSuggestions` JSON. The
        // catalog version drops to 0 so the next sync (which now asks for suggestions) brings those already
        // published (products keep selling meanwhile).
        migrator.registerMigration("2026-12-04-catalog-suggestions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE catalog_suggestion (
                        productID TEXT NOT NULL, storeID TEXT NOT NULL, body TEXT NOT NULL,
                        PRIMARY KEY (productID, storeID));
                    UPDATE catalog_state SET version = 0;
                    """)
        }
    }
}
