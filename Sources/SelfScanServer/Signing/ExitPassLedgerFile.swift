import Foundation
import SelfScanCore

/// The ledger's append-only file, written off the cooperative pool: `append` suspends while its line is
/// written and fsynced on a thread of its own (`DedicatedThread`), and returns once the line is on disk.
/// Lines that arrive while a write is in progress go together in the next one (one write, one fsync: group
/// commit through `GroupCommitBatcher`, as the daemon's SQLite writes do), each caller resuming only after the
/// fsync covering its line; a failed write or fsync fails every line of its batch.
final class ExitPassLedgerFile: Sendable {
    private let batcher: GroupCommitBatcher<Data, Void>

    init(handle: FileHandle) {
        batcher = GroupCommitBatcher(flushingAll: { lines in
            let bytes = lines.reduce(into: Data()) { $0.append($1) }
            try await DedicatedThread.run(name: "selfscan-ledger") { () throws -> Void in
                try handle.write(contentsOf: bytes)
                try handle.synchronize()
            }
        })
    }

    /// Appends `line` and returns once it is fsynced; throws what the write or the fsync threw.
    func append(_ line: Data) async throws {
        try await batcher.submit(line)
    }
}
