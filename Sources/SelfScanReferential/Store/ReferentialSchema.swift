/// The referential's tables, in the two SQL dialects. Amounts are integer minor units; dates are ISO 8601
/// UTC text (`YYYY-MM-DDTHH:MM:SSZ`, so a day is its first 10 characters); UUIDs are upper-case text.
enum ReferentialSchema {
    /// Statements shared by both dialects (standard SQL).
    static let tables: [String] = [
        """
        CREATE TABLE IF NOT EXISTS stores (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, price_conflict_rule TEXT NOT NULL, created_at TEXT NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS device_tokens (
            token_hash TEXT PRIMARY KEY, store_id TEXT NOT NULL REFERENCES stores(id), device_id TEXT NOT NULL,
            issued_at TEXT NOT NULL)
        """,
        "CREATE TABLE IF NOT EXISTS catalog_head (id INTEGER PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL)",
        "INSERT INTO catalog_head (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING",
        """
        CREATE TABLE IF NOT EXISTS catalog_versions (
            version BIGINT PRIMARY KEY, created_at TEXT NOT NULL, note TEXT NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS products (
            gtin TEXT PRIMARY KEY, document TEXT NOT NULL, changed_version BIGINT NOT NULL,
            removed INTEGER NOT NULL DEFAULT 0)
        """,
        "CREATE INDEX IF NOT EXISTS products_changed_version ON products (changed_version)",
        """
        CREATE TABLE IF NOT EXISTS ingest_items (
            id TEXT PRIMARY KEY, store_id TEXT NOT NULL, device_id TEXT NOT NULL, kind TEXT NOT NULL,
            basket_id TEXT, sequence BIGINT, created_at TEXT NOT NULL, received_at TEXT NOT NULL,
            payload TEXT NOT NULL, fingerprint TEXT NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS baskets (
            basket_id TEXT PRIMARY KEY, store_id TEXT NOT NULL, item_id TEXT NOT NULL, total_minor BIGINT NOT NULL,
            currency TEXT NOT NULL, line_count INTEGER NOT NULL, closed_at TEXT NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS baskets_store_day ON baskets (store_id, closed_at)",
        """
        CREATE TABLE IF NOT EXISTS payments (
            payment_id TEXT PRIMARY KEY, basket_id TEXT NOT NULL, store_id TEXT NOT NULL, item_id TEXT NOT NULL,
            amount_minor BIGINT NOT NULL, currency TEXT NOT NULL, scheme TEXT NOT NULL, pan_last4 TEXT,
            paid_at TEXT NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS payments_store_day ON payments (store_id, paid_at)",
        """
        CREATE TABLE IF NOT EXISTS stock (
            store_id TEXT NOT NULL, gtin TEXT NOT NULL, quantity BIGINT NOT NULL, PRIMARY KEY (store_id, gtin))
        """,
        """
        CREATE TABLE IF NOT EXISTS reservations (
            id TEXT PRIMARY KEY, gtin TEXT NOT NULL, quantity BIGINT NOT NULL, requesting_store TEXT NOT NULL,
            fulfilment_store TEXT NOT NULL, mode TEXT NOT NULL, status TEXT NOT NULL, loyalty_card TEXT,
            created_at TEXT NOT NULL, request TEXT NOT NULL)
        """,
        "CREATE TABLE IF NOT EXISTS customers (card TEXT PRIMARY KEY, profile TEXT NOT NULL)",
    ]
}
