extension ReferentialSchema {
    /// Hand-off claims (one row per claimed suspension) and the event slots that make a claim and a basket event
    /// of the same session position exclusive. Appended to `statements` by `migrate()`; idempotent.
    ///
    /// `session_event_slots` holds one row per basket event position (`session_id`, `sequence`): `item_id` is
    /// the ingest item at that position, or NULL when a claim reserved it for `device_id` (the claimant's
    /// `resumed` event fills it). Both a claim and an ingest insert their slot with `ON CONFLICT DO NOTHING`,
    /// so in PostgreSQL the second waits for the first to commit and then sees it.
    static let handoffStatements: [String] = [
        """
        CREATE TABLE IF NOT EXISTS handoff_claims (
            session_id TEXT NOT NULL, suspend_sequence BIGINT NOT NULL, store_id TEXT NOT NULL,
            device_id TEXT NOT NULL, nonce TEXT NOT NULL, claimed_at TEXT NOT NULL,
            PRIMARY KEY (session_id, suspend_sequence))
        """,
        """
        CREATE TABLE IF NOT EXISTS session_event_slots (
            session_id TEXT NOT NULL, sequence BIGINT NOT NULL, device_id TEXT NOT NULL, item_id TEXT,
            PRIMARY KEY (session_id, sequence))
        """,
        "CREATE INDEX IF NOT EXISTS ingest_items_ordering ON ingest_items (ordering_key)",
    ]
}
