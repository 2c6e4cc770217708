/// One named change of the referential's schema, applied once per database in one transaction (recorded in
/// `schema_migrations`). **Append-only**: a released migration is never edited; the statements run on both
/// SQLite and PostgreSQL.
struct ReferentialMigration: Sendable {
    let name: String
    let statements: [String]
}

extension ReferentialSchema {
    static let migrationsTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)
        """

    /// In order. A fresh database runs the base `statements` (the first release's tables) and then these.
    static let migrations: [ReferentialMigration] = [
        ReferentialMigration(name: "2026-12-04-scope-client-ids", statements: scopeClientIDs),
        ReferentialMigration(name: "2026-12-04-exits-coupons-flags", statements: exitsCouponsFlags),
        ReferentialMigration(name: "2026-12-04-suggestions-receipts", statements: suggestionsAndReceipts),
    ]

    /// Every client-chosen id is scoped by the store and the device that sent it (issue 15 #6): a second store's
    /// `PAY-0001`, or a second device's ingest id, is its own row. Tables are rebuilt under a new name and
    /// renamed back (PostgreSQL keeps index names, so the new primary key must not collide with the old).
    /// Baskets are keyed by store and session: a session moves between the devices of its store by hand-off,
    /// and its closing device is recorded in `device_id`.
    static let scopeClientIDs: [String] = [
        """
        CREATE TABLE ingest_items_scoped (
            store_id TEXT NOT NULL, device_id TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL,
            ordering_key TEXT, sequence BIGINT, created_at TEXT NOT NULL, received_at TEXT NOT NULL,
            payload TEXT NOT NULL, fingerprint TEXT NOT NULL, PRIMARY KEY (store_id, device_id, id))
        """,
        """
        INSERT INTO ingest_items_scoped (store_id, device_id, id, kind, ordering_key, sequence, created_at,
            received_at, payload, fingerprint)
        SELECT store_id, device_id, id, kind, ordering_key, sequence, created_at, received_at, payload, fingerprint
        FROM ingest_items
        """,
        "DROP TABLE ingest_items",
        "ALTER TABLE ingest_items_scoped RENAME TO ingest_items",
        "CREATE INDEX IF NOT EXISTS ingest_items_ordering ON ingest_items (ordering_key)",
        """
        CREATE TABLE baskets_scoped (
            store_id TEXT NOT NULL, session_id TEXT NOT NULL, device_id TEXT NOT NULL, item_id TEXT NOT NULL,
            total_minor BIGINT NOT NULL, currency TEXT NOT NULL, line_count BIGINT NOT NULL, closed_at TEXT NOT NULL,
            loyalty_card TEXT, PRIMARY KEY (store_id, session_id))
        """,
        """
        INSERT INTO baskets_scoped (store_id, session_id, device_id, item_id, total_minor, currency, line_count,
            closed_at)
        SELECT b.store_id, b.session_id, COALESCE((SELECT MIN(i.device_id) FROM ingest_items i
            WHERE i.id = b.item_id AND i.store_id = b.store_id), ''), b.item_id, b.total_minor, b.currency,
            b.line_count, b.closed_at
        FROM baskets b
        """,
        "DROP TABLE baskets",
        "ALTER TABLE baskets_scoped RENAME TO baskets",
        "CREATE INDEX IF NOT EXISTS baskets_store_day ON baskets (store_id, closed_at)",
        """
        CREATE TABLE payments_scoped (
            store_id TEXT NOT NULL, device_id TEXT NOT NULL, payment_id TEXT NOT NULL, session_id TEXT NOT NULL,
            item_id TEXT NOT NULL, amount_minor BIGINT NOT NULL, currency TEXT NOT NULL, outcome TEXT NOT NULL,
            scheme TEXT, last4 TEXT, auth_code TEXT, terminal_transaction_id TEXT, paid_at TEXT NOT NULL,
            PRIMARY KEY (store_id, device_id, payment_id))
        """,
        """
        INSERT INTO payments_scoped (store_id, device_id, payment_id, session_id, item_id, amount_minor, currency,
            outcome, scheme, last4, auth_code, terminal_transaction_id, paid_at)
        SELECT p.store_id, COALESCE((SELECT MIN(i.device_id) FROM ingest_items i
            WHERE i.id = p.item_id AND i.store_id = p.store_id), ''), p.payment_id, p.session_id, p.item_id,
            p.amount_minor, p.currency, p.outcome, p.scheme, p.last4, p.auth_code, p.terminal_transaction_id, p.paid_at
        FROM payments p
        """,
        "DROP TABLE payments",
        "ALTER TABLE payments_scoped RENAME TO payments",
        "CREATE INDEX IF NOT EXISTS payments_store_day ON payments (store_id, paid_at)",
    ]

    /// Gate exits (issue 15 #5), coupon spends (#9) and the audit flags both raise.
    static let exitsCouponsFlags: [String] = [
        """
        CREATE TABLE IF NOT EXISTS basket_exits (
            store_id TEXT NOT NULL, device_id TEXT NOT NULL, item_id TEXT NOT NULL, session_id TEXT NOT NULL,
            pass_nonce TEXT NOT NULL, exited_at TEXT NOT NULL, received_at TEXT NOT NULL, arrival BIGINT NOT NULL,
            PRIMARY KEY (store_id, device_id, item_id))
        """,
        "CREATE INDEX IF NOT EXISTS basket_exits_session ON basket_exits (store_id, session_id)",
        // The store's last exit position: its row lock orders concurrent ingests, so positions commit in order.
        "CREATE TABLE IF NOT EXISTS exit_arrivals (store_id TEXT PRIMARY KEY, last BIGINT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS basket_exits_arrival ON basket_exits (store_id, arrival)",
        """
        CREATE TABLE IF NOT EXISTS coupon_spends (
            serial TEXT PRIMARY KEY, store_id TEXT NOT NULL, device_id TEXT NOT NULL, session_id TEXT NOT NULL,
            spent_at TEXT NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS audit_flags (
            store_id TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL, detail TEXT NOT NULL,
            raised_at TEXT NOT NULL, PRIMARY KEY (store_id, kind, subject))
        """,
    ]
}
