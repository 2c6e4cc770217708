import GRDB

// A write for callers on the cooperative pool that must not wait for other writes to join them (the print
// queue, a supervisor's resolution): GRDB's async `write` runs `body` on the writer's own queue while the caller
// suspends, and resumes it once the transaction is committed and fsynced. No pool thread blocks on the fsync, and
// the write is ordered with every other write by the writer's queue, as the synchronous `write` is.

extension StoreDatabase {
    /// `write`, run on the writer's queue while the caller suspends.
    func writeSuspending<T: Sendable>(
        doing action: String, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(StorageError) -> T {
        do {
            return try await writer.write(body)
        } catch {
            throw StorageError.wrapping(error, doing: action, path: path)
        }
    }
}
