import GRDB

extension StoreDatabase {
    /// The schema's history. **Append-only**: a released migration is never edited, renamed or removed, and
    /// none refers to app types (only SQL), so an old file always migrates the same way. A file holding a
    /// migration this list does not know was written by a newer build and is refused (`newerSchema`).
    ///
    /// Conventions: times are INTEGER Unix milliseconds; money is INTEGER minor units next to a TEXT ISO 4217
    /// code; ids are the core's canonical strings (UUIDs upper-case); JSON columns hold the core's Codable
    /// form where no query needs the inside.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-23-identity") { db in
            try db.execute(sql: "PRAGMA application_id = \(StoreDatabase.applicationID)")
        }
        migrator.registerMigration("2026-11-23-catalog") { db in
            try db.execute(sql: catalogSchema)
        }
        migrator.registerMigration("2026-11-23-outbox") { db in
            try db.execute(sql: outboxSchema)
        }
        migrator.registerMigration("2026-11-23-baskets") { db in
            try db.execute(sql: basketSchema)
        }
        migrator.registerMigration("2026-11-23-payments") { db in
            try db.execute(sql: paymentSchema)
        }
        migrator.registerMigration("2026-11-23-audit-log") { db in
            try db.execute(sql: auditLogSchema)
        }
        migrator.registerMigration("2026-11-23-daemon-working-state") { db in
            try db.execute(sql: daemonWorkingStateSchema)
        }
        migrator.registerMigration("2026-11-23-picking-progress") { db in
            try db.execute(sql: pickingProgressSchema)
        }
        migrator.registerMigration("2026-12-04-payment-intents") { db in
            try db.execute(sql: paymentIntentSchema)
        }
        migrator.registerMigration("2026-12-04-outbox-quarantine") { db in
            try db.execute(sql: outboxQuarantineSchema)
        }
        registerPrivacyMigrations(&migrator)
        registerRetentionMigrations(&migrator)
        registerScanSpeedMigrations(&migrator)
        registerCatalogAttributesMigrations(&migrator)
        registerPaymentResolutionMigrations(&migrator)
        registerPrintQueueMigrations(&migrator)
        registerSuggestionMigrations(&migrator)
        registerCatalogCountMigrations(&migrator)
        registerStaffAlertItemMigrations(&migrator)
        return migrator
    }
}

/// The offline catalog cache. One row in `catalog_state` says which version the tables hold; it changes in
/// the same transaction as the rows, so a reader sees one version whole.
private let catalogSchema = """
    CREATE TABLE catalog_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version INTEGER NOT NULL,
        currency TEXT NOT NULL,
        publishedAt INTEGER NOT NULL,      -- the file header's createdAt
        appliedAt INTEGER NOT NULL,        -- when this store applied it (staleness)
        lastKind TEXT NOT NULL,            -- snapshot | delta
        storeID TEXT
    );
    CREATE TABLE catalog_product (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,           -- ProductID (internal code)
        name TEXT NOT NULL,
        itemReference TEXT UNIQUE,         -- variable-measure item reference
        pricingUnit TEXT NOT NULL CHECK (pricingUnit IN ('unit', 'kg')),
        priceMinor INTEGER NOT NULL,
        vatBasisPoints INTEGER NOT NULL,
        minimumAge INTEGER,
        saleStopReason TEXT,
        saleStopNote TEXT,
        alwaysAudit INTEGER NOT NULL,
        depositProductID TEXT,
        gtins TEXT NOT NULL,               -- GTIN-14s joined by ' ' (in the product's order)
        promotionIDs TEXT NOT NULL         -- joined by U+001F
    );
    CREATE TABLE catalog_gtin (
        gtin INTEGER PRIMARY KEY,          -- GTIN-14 as an integer: compact, one B-tree probe
        productRowID INTEGER NOT NULL
    );
    CREATE INDEX catalog_gtin_product ON catalog_gtin(productRowID);
    CREATE VIRTUAL TABLE catalog_product_fts USING fts5(
        name, content = 'catalog_product', content_rowid = 'rowid',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TABLE catalog_promotion (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        couponCode TEXT UNIQUE,
        body TEXT NOT NULL                 -- Promotion as JSON
    ) WITHOUT ROWID;
    CREATE TABLE catalog_customer (
        id TEXT PRIMARY KEY,
        body TEXT NOT NULL                 -- LoyaltyCustomer as JSON (tier, personal offers…)
    ) WITHOUT ROWID;
    CREATE TABLE catalog_card (
        code TEXT PRIMARY KEY,
        customerID TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX catalog_card_customer ON catalog_card(customerID);
    CREATE TABLE catalog_stock (
        productID TEXT NOT NULL,
        storeID TEXT NOT NULL,
        quantity INTEGER NOT NULL,
        PRIMARY KEY (productID, storeID)
    ) WITHOUT ROWID;
    """

/// Transactional outbox: rows written in the same transaction as the state change they announce, pushed to
/// the referential in order per `orderingKey`, deleted once delivered.
private let outboxSchema = """
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        idempotencyKey TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        orderingKey TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        payload TEXT NOT NULL,
        createdAt INTEGER NOT NULL,
        attemptCount INTEGER NOT NULL DEFAULT 0,
        nextAttemptAt INTEGER NOT NULL,
        lastError TEXT,
        UNIQUE (orderingKey, sequence)
    );
    CREATE TABLE outbox_sequence (
        orderingKey TEXT PRIMARY KEY,
        lastSequence INTEGER NOT NULL
    ) WITHOUT ROWID;
    """

/// Sessions: the event log (source of truth) and the materialised current state.
private let basketSchema = """
    CREATE TABLE basket_session (
        id TEXT PRIMARY KEY,               -- SessionID
        storeID TEXT NOT NULL,
        deviceID TEXT NOT NULL,
        state TEXT NOT NULL,
        lastSequence INTEGER NOT NULL,
        openedAt INTEGER NOT NULL,
        updatedAt INTEGER NOT NULL,
        totalMinor INTEGER,
        currency TEXT NOT NULL,
        lineCount INTEGER NOT NULL DEFAULT 0,
        snapshot TEXT                      -- materialised state as JSON (from the basket core)
    ) WITHOUT ROWID;
    CREATE INDEX basket_session_state ON basket_session(state, updatedAt);
    CREATE TABLE basket_event (
        rowid INTEGER PRIMARY KEY,
        eventID TEXT NOT NULL UNIQUE,
        sessionID TEXT NOT NULL REFERENCES basket_session(id),
        sequence INTEGER NOT NULL,
        kind TEXT NOT NULL,
        timestampNanos INTEGER NOT NULL,
        body TEXT NOT NULL,                -- BasketEvent as JSON
        UNIQUE (sessionID, sequence)
    );
    """

/// What the payment terminal returned: never card data (the last 4 digits at most).
private let paymentSchema = """
    CREATE TABLE payment (
        rowid INTEGER PRIMARY KEY,
        idempotencyKey TEXT NOT NULL UNIQUE,
        sessionID TEXT NOT NULL,
        amountMinor INTEGER NOT NULL,
        currency TEXT NOT NULL,
        outcome TEXT NOT NULL,
        scheme TEXT,
        last4 TEXT CHECK (last4 IS NULL OR (length(last4) = 4 AND last4 NOT GLOB '*[^0-9]*')),
        authCode TEXT,
        terminalTransactionID TEXT,
        recordedAt INTEGER NOT NULL
    );
    CREATE INDEX payment_session ON payment(sessionID);
    """

/// Append-only, hash-chained audit log. Triggers refuse updates and deletes; the chain detects edits made
/// around them (another tool, a dropped trigger).
private let auditLogSchema = """
    CREATE TABLE audit_log (
        sequence INTEGER PRIMARY KEY,
        recordedAt INTEGER NOT NULL,
        kind TEXT NOT NULL,
        actor TEXT NOT NULL,
        sessionID TEXT,
        detail TEXT NOT NULL,
        previousHash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    """

/// The daemon's working state that must survive a restart: audit rescans counted so far (per session under
/// audit) and the open staff alerts.
private let daemonWorkingStateSchema = """
    CREATE TABLE audit_rescan (
        sessionID TEXT NOT NULL,
        productID TEXT NOT NULL,
        count INTEGER NOT NULL CHECK (count > 0),
        PRIMARY KEY (sessionID, productID)
    );
    CREATE TABLE staff_alert (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        sessionID TEXT,                    -- NULL for device alerts
        device TEXT NOT NULL,
        raisedAt INTEGER NOT NULL,         -- Unix milliseconds
        message TEXT NOT NULL,
        code TEXT
    );
    """

/// Click & collect picking in progress on this daemon (units scanned per order), so a restart resumes it.
private let pickingProgressSchema = """
    CREATE TABLE picking_progress (
        reservationID TEXT PRIMARY KEY,
        picked INTEGER NOT NULL CHECK (picked >= 0),
        awaitingReferential INTEGER NOT NULL DEFAULT 0
    );
    """

/// Outbox rows the referential can never take (rejected for good, larger than any request it accepts, not
/// JSON) are quarantined: kept for staff, never sent again, and no longer holding back their ordering key.
private let outboxQuarantineSchema = """
    ALTER TABLE outbox ADD COLUMN status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'quarantined'));
    ALTER TABLE outbox ADD COLUMN quarantinedAt INTEGER;
    CREATE INDEX outbox_pending ON outbox(status, orderingKey, sequence);
    """
