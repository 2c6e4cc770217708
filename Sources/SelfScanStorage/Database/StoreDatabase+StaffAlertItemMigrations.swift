import GRDB

extension StoreDatabase {
    /// The item a staff alert is about (age check, stopped sale: name, minimum age, product id), kept with the
    /// alert so a restored alert still tells staff what to look for. Append-only, like every migration.
    static func registerStaffAlertItemMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("2026-12-04-staff-alert-item") { db in
            try db.execute(
                sql: """
                    ALTER TABLE staff_alert ADD COLUMN itemName TEXT;          -- NULL: the alert names no item
                    ALTER TABLE staff_alert ADD COLUMN itemMinimumAge INTEGER;
                    ALTER TABLE staff_alert ADD COLUMN itemProductID TEXT;
                    """)
        }
    }
}
