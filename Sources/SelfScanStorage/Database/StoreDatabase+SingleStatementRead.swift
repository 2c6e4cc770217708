import GRDB

extension StoreDatabase {
    /// Runs `body` (one SELECT: SQLite runs it on one consistent snapshot by itself) on the database's
    /// dedicated read-only connection (`StoreDatabaseCaches.lookupConnection`), or on the pool when that
    /// connection could not be opened. No pool checkout, no explicit read transaction and no schema check per
    /// read: for reads on every scan (a session's payments, for its view). In WAL mode it sees every commit
    /// that completed before it started.
    func singleStatementRead<T>(doing action: @autoclosure () -> String, _ body: (Database) throws -> T) throws(StorageError) -> T {
        do {
            if let connection = caches.lookupConnection() { return try connection.inDatabase(body) }
            return try writer.unsafeRead(body)
        } catch {
            throw StorageError.wrapping(error, doing: action(), path: path)
        }
    }
}
