/// One numbered change of the referential's schema, applied once per database in one transaction: recorded in
/// `schema_versions` on PostgreSQL, in GRDB's `grdb_migrations` (by `identifier`) on SQLite. **Append-only**: a
/// released migration is never edited nor renumbered; the statements run on both SQLite and PostgreSQL.
public struct ReferentialMigration: Sendable {
    /// 1, 2, 3…: the order of application, never reused.
    public let version: Int
    public let name: String
    let statements: [String]
    /// The name an earlier release recorded in `schema_migrations` for this change (before versions existed).
    let legacyName: String?

    /// `0002-scope-client-ids`: the GRDB migration identifier (sorts like the versions).
    public var identifier: String { Self.identifier(version: version, name: name) }

    static func identifier(version: Int, name: String) -> String {
        let digits = String(version)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "-" + name
    }
}

extension ReferentialSchema {
    /// In order. Version 1 is the schema every release before versioned migrations created with
    /// `CREATE … IF NOT EXISTS` (its statements stay idempotent: adopting a legacy database re-runs them to fill
    /// whatever an older release had not created yet).
    static let migrations: [ReferentialMigration] = [
        ReferentialMigration(
            version: 1, name: "baseline", statements: statements + handoffStatements + privacyStatements, legacyName: nil),
        ReferentialMigration(
            version: 2, name: "scope-client-ids", statements: scopeClientIDs, legacyName: "2026-12-04-scope-client-ids"),
        ReferentialMigration(
            version: 3, name: "exits-coupons-flags", statements: exitsCouponsFlags,
            legacyName: "2026-12-04-exits-coupons-flags"),
        ReferentialMigration(version: 4, name: "snapshot-key-order", statements: snapshotKeyOrder, legacyName: nil),
        ReferentialMigration(
            version: 5, name: "suggestions-receipts", statements: suggestionsAndReceipts,
            legacyName: "2026-12-04-suggestions-receipts"),
    ]

    /// What a database without a version table already holds: nothing when it has no `stores` table (fresh);
    /// else the baseline plus the named migrations an earlier release recorded in `schema_migrations`.
    static func legacyVersions(hasStores: Bool, recordedNames: Set<String>) -> [ReferentialMigration] {
        guard hasStores else { return [] }
        return migrations.filter { migration in
            guard let legacyName = migration.legacyName else { return migration.version == 1 }
            return recordedNames.contains(legacyName)
        }
    }

    /// Snapshot pages walk `catalog_records` by key within a record type (the primary key); records of the
    /// other types by key then type (this index).
    static let snapshotKeyOrder: [String] = [
        "CREATE INDEX catalog_records_key_type ON catalog_records (record_key, record_type)",
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
