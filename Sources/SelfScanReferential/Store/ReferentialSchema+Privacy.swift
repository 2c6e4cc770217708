extension ReferentialSchema {
    /// Privacy tables (docs/privacy.md). Appended to `statements` by `migrate()`; idempotent.
    ///
    /// - `card_hash_keys`: the card-hash key "epoch" (salt + PBKDF2 cost) of this referential; the newest
    ///   unretired one hashes new cards. `customer_cards.card` holds `<keyID>:<hash>`, never a card number.
    /// - `erasure_log`: one row per erasure, without personal data: a random erasure id, when, the catalog
    ///   version that deleted the customer, how many rows lost their link, and `subject_digest` =
    ///   HMAC-SHA256(`erasure_secret`, customer id) so a repeated request is recognised (idempotent) without
    ///   keeping the id.
    /// - `privacy_secrets`: the random secret of those digests.
    /// - `device_catalog_positions`: the catalog version each device last said it holds (`since` of its delta
    ///   request); erasure tombstones (which name the pseudonymous id) are purged once every device is past them.
    /// - `admin_tokens`: hashes of admin bearer tokens (`/v1/admin/*`).
    static let privacyStatements: [String] = [
        """
        CREATE TABLE IF NOT EXISTS card_hash_keys (
            id TEXT PRIMARY KEY, salt TEXT NOT NULL, iterations BIGINT NOT NULL, created_at TEXT NOT NULL,
            retired INTEGER NOT NULL DEFAULT 0)
        """,
        // At most one unretired key: concurrent creators cannot start two epochs (`currentCardHashKey`). A file
        // written before (where a race may have left two) keeps its newest one unretired.
        """
        UPDATE card_hash_keys SET retired = 1 WHERE retired = 0 AND id <> (
            SELECT id FROM card_hash_keys WHERE retired = 0 ORDER BY created_at DESC, id DESC LIMIT 1)
        """,
        "CREATE UNIQUE INDEX IF NOT EXISTS card_hash_keys_one_current ON card_hash_keys (retired) WHERE retired = 0",
        """
        CREATE TABLE IF NOT EXISTS erasure_log (
            id TEXT PRIMARY KEY, erased_at TEXT NOT NULL, subject_digest TEXT NOT NULL UNIQUE,
            catalog_version BIGINT NOT NULL, unlinked_items BIGINT NOT NULL, cards_removed BIGINT NOT NULL)
        """,
        "CREATE TABLE IF NOT EXISTS privacy_secrets (name TEXT PRIMARY KEY, secret TEXT NOT NULL)",
        """
        CREATE TABLE IF NOT EXISTS device_catalog_positions (
            store_id TEXT NOT NULL, device_id TEXT NOT NULL, version BIGINT NOT NULL, seen_at TEXT NOT NULL,
            PRIMARY KEY (store_id, device_id))
        """,
        """
        CREATE TABLE IF NOT EXISTS admin_tokens (
            token_hash TEXT PRIMARY KEY, name TEXT NOT NULL, issued_at TEXT NOT NULL)
        """,
    ]
}
