import Foundation
import SelfScanCore
import Synchronization

/// The ledger's append-only file, written off the cooperative pool: `append` suspends while its line is
/// written and fsynced on a thread of its own (`DedicatedThread`), and returns once the line is on disk.
/// Lines that arrive while a write is in progress go together in the next one (one write, one fsync: group
/// commit, as the daemon's SQLite writes do), each caller resuming only after the fsync covering its line.
final class ExitPassLedgerFile: Sendable {
    private struct Pending: Sendable {
        let line: Data
        let done: CheckedContinuation<Void, any Error>
    }

    private struct State: Sendable {
        var pending: [Pending] = []
        var draining = false
    }

    /// Written only by the one draining thread at a time (`State.draining`).
    private let handle: FileHandle
    private let state = Mutex(State())

    init(handle: FileHandle) {
        self.handle = handle
    }

    /// Appends `line` and returns once it is fsynced; throws what the write or the fsync threw.
    func append(_ line: Data) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let startsDrain = state.withLock { state in
                state.pending.append(Pending(line: line, done: continuation))
                if state.draining { return false }
                state.draining = true
                return true
            }
            if startsDrain { DedicatedThread.start(name: "selfscan-ledger") { [self] in drain() } }
        }
    }

    /// On the ledger's thread: writes and fsyncs what is pending, batch after batch, until nothing is.
    private func drain() {
        while true {
            let batch = state.withLock { state in
                let batch = state.pending
                state.pending = []
                if batch.isEmpty { state.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                try handle.write(contentsOf: batch.reduce(into: Data()) { $0.append($1.line) })
                try handle.synchronize()
                for item in batch { item.done.resume() }
            } catch {
                for item in batch { item.done.resume(throwing: error) }
            }
        }
    }
}
