import GRDB
import Synchronization

/// Group commit: writes that arrive while a transaction is being committed wait, then go together in the next
/// transaction (one commit, one fsync). Each caller resumes only after the transaction holding its write is
/// committed (`synchronous = FULL`: fsynced), so "durable before acknowledged" holds as with `write`.
///
/// Writes run in arrival order. When one write of a batch throws, the whole transaction is rolled back and
/// the batch's writes run again one transaction each, so only the failing write fails.
final class GroupCommitWriter: Sendable {
    private struct Item: Sendable {
        let write: @Sendable (Database) throws -> any Sendable
        let done: CheckedContinuation<any Sendable, any Error>
    }

    private struct State {
        var pending: [Item] = []
        var draining = false
    }

    private let writer: any DatabaseWriter
    private let path: String
    private let state = Mutex(State())

    init(writer: any DatabaseWriter, path: String) {
        self.writer = writer
        self.path = path
    }

    /// Runs `body` in a write transaction shared with the writes that arrive meanwhile; returns once committed.
    func write<T: Sendable>(
        doing action: String, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(StorageError) -> T {
        let result: any Sendable
        do {
            result = try await withCheckedThrowingContinuation { continuation in
                enqueue(Item(write: { db in try body(db) }, done: continuation))
            }
        } catch {
            throw StorageError.wrapping(error, doing: action, path: path)
        }
        guard let typed = result as? T else {
            preconditionFailure("a group-committed write returned \(type(of: result)), not \(T.self)")
        }
        return typed
    }

    private func enqueue(_ item: Item) {
        let startsDrain = state.withLock { state in
            state.pending.append(item)
            if state.draining { return false }
            state.draining = true
            return true
        }
        if startsDrain { Task.detached { await self.drain() } }
    }

    private func drain() async {
        while true {
            let batch = state.withLock { state in
                let batch = state.pending
                state.pending = []
                if batch.isEmpty { state.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            await commit(batch)
        }
    }

    private func commit(_ batch: [Item]) async {
        if batch.count > 1 {
            do {
                let results = try await writer.write { db in try batch.map { try $0.write(db) } }
                for (item, result) in zip(batch, results) { item.done.resume(returning: result) }
                return
            } catch {
                // Rolled back whole: find out whose write fails, one transaction each.
            }
        }
        for item in batch {
            do {
                item.done.resume(returning: try await writer.write { db in try item.write(db) })
            } catch {
                item.done.resume(throwing: error)
            }
        }
    }
}
