/// The referential's tables, in SQL both SQLite and PostgreSQL run. Amounts are integer minor units; dates are
/// ISO 8601 UTC text (`YYYY-MM-DDTHH:MM:SSZ`, so a day is its first 10 characters); catalog records are kept
/// as their catalog-format JSON (`document`), keyed by record type and key.
enum ReferentialSchema {
    static let statements: [String] = [
        """
        CREATE TABLE IF NOT EXISTS stores (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, price_conflict_rule TEXT NOT NULL, created_at TEXT NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS device_tokens (
            token_hash TEXT PRIMARY KEY, store_id TEXT NOT NULL REFERENCES stores(id), device_id TEXT NOT NULL,
            issued_at TEXT NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS catalog_head (
            id INTEGER PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL, currency TEXT)
        """,
        "INSERT INTO catalog_head (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING",
        """
        CREATE TABLE IF NOT EXISTS catalog_versions (
            version BIGINT PRIMARY KEY, created_at TEXT NOT NULL, note TEXT NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS catalog_records (
            record_type TEXT NOT NULL, record_key TEXT NOT NULL, document TEXT NOT NULL,
            changed_version BIGINT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (record_type, record_key))
        """,
        "CREATE INDEX IF NOT EXISTS catalog_records_changed ON catalog_records (changed_version)",
        "CREATE TABLE IF NOT EXISTS product_gtins (gtin TEXT PRIMARY KEY, product_id TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS product_gtins_product ON product_gtins (product_id)",
        "CREATE TABLE IF NOT EXISTS customer_cards (card TEXT PRIMARY KEY, customer_id TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS customer_cards_customer ON customer_cards (customer_id)",
        """
        CREATE TABLE IF NOT EXISTS ingest_items (
            id TEXT PRIMARY KEY, store_id TEXT NOT NULL, device_id TEXT NOT NULL, kind TEXT NOT NULL,
            ordering_key TEXT, sequence BIGINT, created_at TEXT NOT NULL, received_at TEXT NOT NULL,
            payload TEXT NOT NULL, fingerprint TEXT NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS baskets (
            session_id TEXT PRIMARY KEY, store_id TEXT NOT NULL, item_id TEXT NOT NULL, total_minor BIGINT NOT NULL,
            currency TEXT NOT NULL, line_count BIGINT NOT NULL, closed_at TEXT NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS baskets_store_day ON baskets (store_id, closed_at)",
        """
        CREATE TABLE IF NOT EXISTS payments (
            payment_id TEXT PRIMARY KEY, session_id TEXT NOT NULL, store_id TEXT NOT NULL, item_id TEXT NOT NULL,
            amount_minor BIGINT NOT NULL, currency TEXT NOT NULL, outcome TEXT NOT NULL, scheme TEXT,
            last4 TEXT, auth_code TEXT, terminal_transaction_id TEXT, paid_at TEXT NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS payments_store_day ON payments (store_id, paid_at)",
        """
        CREATE TABLE IF NOT EXISTS reservations (
            id TEXT PRIMARY KEY, request TEXT NOT NULL, requesting_store TEXT NOT NULL, status TEXT NOT NULL,
            created_at TEXT NOT NULL)
        """,
        // Added with picking: which store prepares a reservation, and the order reservations arrived in (the
        // picking list's order). Reservations made before have no row here and are not listed for picking.
        """
        CREATE TABLE IF NOT EXISTS reservation_fulfilment (
            reservation_id TEXT PRIMARY KEY REFERENCES reservations(id), fulfilment_store TEXT NOT NULL,
            arrival BIGINT NOT NULL, picked_at TEXT)
        """,
        "CREATE INDEX IF NOT EXISTS reservation_fulfilment_store ON reservation_fulfilment (fulfilment_store)",
    ]
}
