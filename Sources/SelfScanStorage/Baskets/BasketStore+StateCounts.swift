import GRDB

extension BasketStore {
    /// How many stored sessions are in each state (`state` name → count), one `GROUP BY` over the
    /// session rows: the daemon reads it once at start, then keeps its gauges up to date on transitions.
    public func sessionCountsByState() throws(StorageError) -> [String: Int] {
        try database.read(doing: "counting sessions by state") { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS count FROM basket_session GROUP BY state") {
                counts[row["state"]] = row["count"]
            }
            return counts
        }
    }
}
