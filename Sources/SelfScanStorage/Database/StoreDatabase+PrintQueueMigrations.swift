import GRDB

extension StoreDatabase {
    /// The durable receipt print queue (issue 20). Append-only, like every migration.
    ///
    /// A print job is born in the transaction that writes the basket's `receipt` outbox row (the one that
    /// records the payment completing the basket and moves it to `paid`), by a trigger, when this device
    /// prints (`print_setting.enabled`, set by the daemon's print service at start). So a paid basket's
    /// receipt is queued exactly when the payment is, with no second write that a crash could separate from it.
    static func registerPrintQueueMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("2026-12-04-print-queue") { db in
            try db.execute(sql: printQueueSchema)
        }
    }
}

private let printQueueSchema = """
    CREATE TABLE print_setting (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        enabled INTEGER NOT NULL
    );
    INSERT INTO print_setting (id, enabled) VALUES (1, 0);
    CREATE TABLE print_job (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        sessionID TEXT NOT NULL UNIQUE,
        receipt TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'printed')),
        createdAt INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        lastError TEXT,
        printedAt INTEGER
    );
    CREATE INDEX print_job_state ON print_job(state, id);
    CREATE TRIGGER print_job_for_receipt AFTER INSERT ON outbox
    WHEN NEW.kind = 'receipt' AND (SELECT enabled FROM print_setting WHERE id = 1) = 1
    BEGIN
        INSERT OR IGNORE INTO print_job (sessionID, receipt, createdAt)
        VALUES (NEW.orderingKey, NEW.payload, NEW.createdAt);
    END;
    """
