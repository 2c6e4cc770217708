import GRDB
import SelfScanCore

/// Group commit: writes that arrive while a transaction is being committed wait, then go together in the next
/// transaction (one commit, one fsync; the gathering is `GroupCommitBatcher`'s). Each caller resumes only after
/// the transaction holding its write is committed (`synchronous = FULL`: fsynced), so "durable before
/// acknowledged" holds as with `write`.
///
/// Writes run in arrival order. When one write of a batch throws, the whole transaction is rolled back and
/// the batch's writes run again one transaction each, so only the failing write fails.
final class GroupCommitWriter: Sendable {
    private typealias Write = @Sendable (Database) throws -> any Sendable

    private let batcher: GroupCommitBatcher<Write, any Sendable>
    private let path: String

    init(writer: any DatabaseWriter, path: String) {
        self.path = path
        batcher = GroupCommitBatcher { batch in await GroupCommitWriter.commit(batch, writer: writer) }
    }

    /// Runs `body` in a write transaction shared with the writes that arrive meanwhile; returns once committed.
    func write<T: Sendable>(
        doing action: String, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(StorageError) -> T {
        let result: any Sendable
        do {
            result = try await batcher.submit { db in try body(db) }
        } catch {
            throw StorageError.wrapping(error, doing: action, path: path)
        }
        guard let typed = result as? T else {
            preconditionFailure("a group-committed write returned \(type(of: result)), not \(T.self)")
        }
        return typed
    }

    private static func commit(_ batch: [Write], writer: any DatabaseWriter) async -> [Result<any Sendable, any Error>] {
        if batch.count > 1 {
            do {
                let results = try await writer.write { db in try batch.map { try $0(db) } }
                return results.map { .success($0) }
            } catch {
                // Rolled back whole: find out whose write fails, one transaction each.
            }
        }
        var results: [Result<any Sendable, any Error>] = []
        for write in batch {
            do {
                results.append(.success(try await writer.write { db in try write(db) }))
            } catch {
                results.append(.failure(error))
            }
        }
        return results
    }
}
