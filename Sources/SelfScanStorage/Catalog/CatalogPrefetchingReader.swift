import Foundation
import SelfScanAPI
import SelfScanCore

/// Reads and decodes a catalog file on a thread of its own while the caller writes the previous records to
/// SQLite: JSON decoding and inserting each take about half of an import, so on two cores they overlap.
/// The hand-off queue is bounded (`maximumQueuedBatches` × `batchSize` records), so memory stays flat.
///
/// `@unchecked Sendable`: every mutable property is read and written only while `condition` is locked; the
/// producer thread and the consumer share nothing else.
final class CatalogPrefetchingReader: @unchecked Sendable {
    static let batchSize = 512
    static let maximumQueuedBatches = 8

    private let condition = NSCondition()
    private var header: Result<CatalogFileHeader, CatalogFileError>?
    private var batches: [[CatalogRecord]] = []
    private var outcome: Result<Void, CatalogFileError>?
    private var cancelled = false
    // Consumer-side batch, last record first (touched by the consumer only): `popLast` moves a record out
    // without copying it (an indexed read copied every product and retained each of its strings).
    private var current: [CatalogRecord] = []

    /// Starts reading `path` on a new thread.
    init(path: String) {
        DedicatedThread.start(name: "selfscan-catalog-reader") { [self] in self.produce(path: path) }
    }

    /// Waits for the file's header.
    func readHeader() throws(CatalogFileError) -> CatalogFileHeader {
        condition.lock()
        while header == nil { condition.wait() }
        let result = header
        condition.unlock()
        switch result {
        case .success(let header): return header
        case .failure(let error): throw error
        case nil: throw CatalogFileError(code: .ioError, message: "no header")
        }
    }

    /// The next record; `nil` after the verified trailer. Throws the reader's error as soon as it is known.
    func next() throws(CatalogFileError) -> CatalogRecord? {
        if let record = current.popLast() { return record }
        condition.lock()
        while batches.isEmpty && outcome == nil { condition.wait() }
        if case .failure(let error) = outcome {
            condition.unlock()
            throw error
        }
        guard !batches.isEmpty else {
            condition.unlock()
            return nil
        }
        current = batches.removeFirst()
        condition.broadcast()
        condition.unlock()
        return current.popLast()
    }

    /// Stops the producer (called when the import ends, successfully or not).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    private func produce(path: String) {
        do throws(CatalogFileError) {
            let reader = try CatalogFileReader(path: path)
            publish { $0.header = .success(reader.header) }
            var batch: [CatalogRecord] = []
            batch.reserveCapacity(Self.batchSize)
            while let record = try reader.next() {
                batch.append(record)
                if batch.count == Self.batchSize {
                    batch.reverse()  // in place: records are moved, not copied
                    guard push(batch) else { return }
                    batch = []
                    batch.reserveCapacity(Self.batchSize)
                }
            }
            batch.reverse()
            if !batch.isEmpty { guard push(batch) else { return } }
            publish { $0.outcome = .success(()) }
        } catch {
            publish { state in
                if state.header == nil { state.header = .failure(error) }
                state.outcome = .failure(error)
            }
        }
    }

    /// Queues a batch (last record first: reversed by the caller), waiting while the queue is full; `false`
    /// once cancelled.
    private func push(_ batch: [CatalogRecord]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= Self.maximumQueuedBatches && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    private func publish(_ change: (CatalogPrefetchingReader) -> Void) {
        condition.lock()
        change(self)
        condition.broadcast()
        condition.unlock()
    }
}
