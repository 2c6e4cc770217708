/// Tables of the omnichannel work (issue 18), as ONE separate migration step (`suggestionsAndReceipts`): listed
/// last in `ReferentialSchema.migrations`, it does not depend on how ingest writes its own tables.
///
/// - `cooccurrence_counted`: one row per basket counted for "often bought with" (store, session): a replayed or
///   re-closed basket is never counted twice; a store's basket count is its row count.
/// - `cooccurrence_products`: baskets of a store holding each product.
/// - `cooccurrence_pairs`: baskets of a store holding both products of a pair (`first_id` < `second_id`).
///   Chain-wide figures are the sums over stores (no chain-wide hot row: stores never wait on each other).
/// - `suggestion_dirty`: (store, product) whose counts moved since the last suggestions publish.
/// - `suggestion_state`: the catalog version the last publish covered (product and stock changes after it make
///   their category's substitutes dirty).
/// - `customer_receipts`: the receipt a daemon synced (kind `receipt`, JSON as displayed and printed) and the
///   loyalty customer its closed basket named, keyed by store and session; a customer reads their own.
/// - `customer_tokens`: hashes of the bearer tokens a loyalty customer reads their receipts with.
extension ReferentialSchema {
    static let suggestionsAndReceipts: [String] = [
        """
        CREATE TABLE IF NOT EXISTS cooccurrence_counted (
            store_id TEXT NOT NULL, session_id TEXT NOT NULL, PRIMARY KEY (store_id, session_id))
        """,
        """
        CREATE TABLE IF NOT EXISTS cooccurrence_products (
            store_id TEXT NOT NULL, product_id TEXT NOT NULL, baskets BIGINT NOT NULL,
            PRIMARY KEY (store_id, product_id))
        """,
        """
        CREATE TABLE IF NOT EXISTS cooccurrence_pairs (
            store_id TEXT NOT NULL, first_id TEXT NOT NULL, second_id TEXT NOT NULL, together BIGINT NOT NULL,
            PRIMARY KEY (store_id, first_id, second_id))
        """,
        "CREATE INDEX IF NOT EXISTS cooccurrence_pairs_second ON cooccurrence_pairs (store_id, second_id)",
        "CREATE INDEX IF NOT EXISTS cooccurrence_pairs_first_any ON cooccurrence_pairs (first_id)",
        "CREATE INDEX IF NOT EXISTS cooccurrence_pairs_second_any ON cooccurrence_pairs (second_id)",
        """
        CREATE TABLE IF NOT EXISTS suggestion_dirty (
            store_id TEXT NOT NULL, product_id TEXT NOT NULL, PRIMARY KEY (store_id, product_id))
        """,
        """
        CREATE TABLE IF NOT EXISTS suggestion_state (
            id INTEGER PRIMARY KEY CHECK (id = 1), catalog_version BIGINT NOT NULL)
        """,
        "INSERT INTO suggestion_state (id, catalog_version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING",
        """
        CREATE TABLE IF NOT EXISTS customer_receipts (
            store_id TEXT NOT NULL, session_id TEXT NOT NULL, customer_id TEXT, receipt TEXT, issued_at TEXT,
            PRIMARY KEY (store_id, session_id))
        """,
        "CREATE INDEX IF NOT EXISTS customer_receipts_customer ON customer_receipts (customer_id)",
        """
        CREATE TABLE IF NOT EXISTS customer_tokens (
            token_hash TEXT PRIMARY KEY, customer_id TEXT NOT NULL, issued_at TEXT NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS customer_tokens_customer ON customer_tokens (customer_id)",
    ]
}
