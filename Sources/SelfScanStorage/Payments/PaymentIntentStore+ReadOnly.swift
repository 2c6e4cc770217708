import GRDB

extension PaymentIntentStore {
    /// The open payment intents of a daemon's database, read without migrating or locking it (the daemon may be
    /// running): for `selfscan devices`. Throws when the file cannot be read or holds no intents table.
    public static func openIntents(readOnlyDatabaseAt path: String) throws(StorageError) -> [PaymentIntent] {
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM payment_intent WHERE state = 'open' ORDER BY createdAt, rowid")
                    .map(PaymentIntentStore.intent)
            }
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError(code: .ioError, message: "reading the payment intents of \(path): \(error)", path: path)
        }
    }
}
