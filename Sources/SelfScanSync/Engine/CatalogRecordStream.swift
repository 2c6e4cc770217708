public import Foundation
public import SelfScanAPI

/// The hand-off between a catalog download (async, on the cooperative pool) and the transaction that applies
/// it (a thread of its own, blocking while it waits): a bounded buffer of records, so a 1M-product snapshot
/// never sits in memory. One producer (`send`, `finish`), one consumer (`nextBlocking`, `finishConsuming`).
public final class CatalogRecordStream: @unchecked Sendable {
    // @unchecked Sendable: every stored property below is read and written only with `condition` locked.
    private let condition = NSCondition()
    private var buffer: [CatalogRecord] = []
    private var head = 0
    private var ended = false
    private var endError: (any Error)?
    private var consumerDone = false
    private var consumerError: (any Error)?
    private var spaceWaiter: CheckedContinuation<Void, Never>?
    /// Records buffered at most.
    public let capacity: Int

    public init(capacity: Int = 2048) { self.capacity = max(1, capacity) }

    /// The consumer stopped (the apply failed or finished early): the producer should stop too.
    public struct ConsumerStopped: Error {}

    // MARK: Producer

    /// Hands one record over, waiting (without blocking a thread) while the buffer is full.
    public func send(_ record: CatalogRecord) async throws {
        while true {
            switch try offer(record) {
            case .taken: return
            case .full: await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in wait(continuation) }
            }
        }
    }

    private enum Offer { case taken, full }

    private func offer(_ record: CatalogRecord) throws -> Offer {
        condition.lock()
        defer { condition.unlock() }
        if consumerDone { throw consumerError ?? ConsumerStopped() }
        guard buffer.count - head < capacity else { return .full }
        buffer.append(record)
        condition.signal()
        return .taken
    }

    private func wait(_ continuation: CheckedContinuation<Void, Never>) {
        condition.lock()
        if consumerDone || buffer.count - head < capacity {
            condition.unlock()
            continuation.resume()
        } else {
            spaceWaiter = continuation
            condition.unlock()
        }
    }

    /// No more records: nil at the verified end of the input, or why it failed (the apply then rolls back).
    public func finish(throwing error: (any Error)? = nil) {
        condition.lock()
        ended = true
        endError = error
        condition.broadcast()
        condition.unlock()
    }

    // MARK: Consumer

    /// The next record, waiting for it; nil at the end; throws when the producer failed.
    public func nextBlocking() throws(CatalogFileError) -> CatalogRecord? {
        condition.lock()
        while head == buffer.count && !ended { condition.wait() }
        if head < buffer.count {
            let record = buffer[head]
            head += 1
            if head >= 1024 && head * 2 >= buffer.count {
                buffer.removeFirst(head)
                head = 0
            }
            let waiter = spaceWaiter
            spaceWaiter = nil
            condition.unlock()
            waiter?.resume()
            return record
        }
        let error = endError
        condition.unlock()
        guard let error else { return nil }
        if let fileError = error as? CatalogFileError { throw fileError }
        throw CatalogFileError(code: .truncated, message: "catalog download failed: \(error)")
    }

    /// The consumer is done (`error`: it failed): a waiting or later `send` stops.
    public func finishConsuming(_ error: (any Error)?) {
        condition.lock()
        consumerDone = true
        consumerError = error
        let waiter = spaceWaiter
        spaceWaiter = nil
        condition.unlock()
        waiter?.resume()
    }
}
