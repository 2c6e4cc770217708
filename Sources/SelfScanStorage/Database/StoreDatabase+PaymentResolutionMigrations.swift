import GRDB

extension StoreDatabase {
    /// Staff resolutions of payment intents whose outcome the terminal could not tell, and the terminal's ticket
    /// text on payments (Caisse-AP, issue 20). Append-only, like every migration.
    static func registerPaymentResolutionMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("2026-12-04-payment-intent-resolution") { db in
            try db.execute(sql: paymentIntentResolutionSchema)
        }
        migrator.registerMigration("2026-12-04-payment-ticket") { db in
            try db.execute(sql: "ALTER TABLE payment ADD COLUMN ticket TEXT")
        }
    }
}

/// - `payment_intent_resolution`: one row per intent attempt (its `requestID`) a staff member resolved by hand
///   from the terminal's journal: `charged` (with the authorisation number the journal shows) or `notCharged`.
///   Written in the transaction that records the payment (or closes the intent), with its audit-log entry: the
///   primary key makes the resolution happen exactly once.
let paymentIntentResolutionSchema = """
    CREATE TABLE payment_intent_resolution (
        requestID TEXT PRIMARY KEY,           -- the attempt resolved: <idempotencyKey>#<attempt>
        idempotencyKey TEXT NOT NULL,
        resolution TEXT NOT NULL CHECK (resolution IN ('charged', 'notCharged')),
        authorisationCode TEXT,               -- charged: as the terminal's journal prints it
        staffID TEXT NOT NULL,
        note TEXT,
        resolvedAt INTEGER NOT NULL
    );
    """
