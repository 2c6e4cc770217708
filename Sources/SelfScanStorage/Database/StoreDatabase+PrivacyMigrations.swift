import GRDB

extension StoreDatabase {
    /// Privacy migrations (docs/privacy.md), appended after the first schema. Append-only like the others.
    static func registerPrivacyMigrations(_ migrator: inout DatabaseMigrator) {
        // Cards become salted PBKDF2 hashes under a card-hash key; the clear card table, the customer bodies
        // (which held failed-audit counts) and the card numbers inside past `customerIdentified` events go.
        // The catalog version drops to 0 so the next sync brings every customer again (as a delta since 0;
        // products keep selling meanwhile). `secure_delete` (set on every connection) zeroes the freed pages.
        migrator.registerMigration("2026-12-04-privacy-card-hashes") { db in
            try db.execute(
                sql: """
                    DROP TABLE catalog_card;
                    CREATE TABLE catalog_card (
                        keyID TEXT NOT NULL,               -- CardHashKey id
                        hash TEXT NOT NULL,                -- PBKDF2-HMAC-SHA256 of the card, hex
                        customerID TEXT NOT NULL,
                        PRIMARY KEY (keyID, hash)
                    ) WITHOUT ROWID;
                    CREATE INDEX catalog_card_customer ON catalog_card(customerID);
                    CREATE TABLE catalog_card_key (
                        id TEXT PRIMARY KEY,
                        salt TEXT NOT NULL,                -- hex
                        iterations INTEGER NOT NULL CHECK (iterations > 0)
                    ) WITHOUT ROWID;
                    DELETE FROM catalog_customer;
                    UPDATE catalog_state SET version = 0;
                    UPDATE basket_event SET body = json_remove(body, '$.payload.customerIdentified.cardCode')
                        WHERE kind = 'customerIdentified' AND json_valid(body);
                    UPDATE outbox SET payload = json_remove(payload, '$.payload.customerIdentified.cardCode',
                            '$.event.payload.customerIdentified.cardCode')
                        WHERE payload LIKE '%cardCode%' AND json_valid(payload);
                    """)
        }
    }
}

extension StoreDatabase {
    /// Retention (docs/privacy.md): the audit log may lose a prefix of entries once a checkpoint records the
    /// hash of the last removed one; the delete trigger then refuses only entries after the checkpoint.
    static func registerRetentionMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("2026-12-04-privacy-retention") { db in
            try db.execute(
                sql: """
                    CREATE TABLE audit_log_checkpoint (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        throughSequence INTEGER NOT NULL,  -- last pruned entry
                        throughHash TEXT NOT NULL,         -- its hash: the next kept entry's previousHash
                        prunedAt INTEGER NOT NULL
                    );
                    DROP TRIGGER audit_log_no_delete;
                    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                        WHEN OLD.sequence > COALESCE((SELECT throughSequence FROM audit_log_checkpoint WHERE id = 1), 0)
                        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    """)
        }
    }
}
