import Synchronization

/// Group commit without the I/O: what is submitted while a batch is being flushed waits and goes together in the
/// next flush (one write, one fsync or commit), and each submitter resumes only with the result the flush gave its
/// element, so "durable before acknowledged" holds. The flush is the caller's (a file write and fsync, a SQLite
/// transaction); this type only gathers, drains batch after batch in arrival order, and resumes the waiters.
///
/// Used by the exit-pass ledger's file (Server) and the daemon's group-committed SQLite writes (Storage).
public final class GroupCommitBatcher<Element: Sendable, Output: Sendable>: Sendable {
    /// Flushes one batch, in arrival order; returns one result per element, in the same order.
    public typealias Flush = @Sendable ([Element]) async -> [Result<Output, any Error>]

    private struct Waiter: Sendable {
        let element: Element
        let done: CheckedContinuation<Output, any Error>
    }

    private struct State: Sendable {
        var pending: [Waiter] = []
        var draining = false
    }

    private let state = Mutex(State())
    private let flush: Flush

    public init(flush: @escaping Flush) {
        self.flush = flush
    }

    /// A flush that gives one outcome to the whole batch: `body`'s error reaches every waiter of that batch.
    public convenience init(flushingAll body: @escaping @Sendable ([Element]) async throws -> Void) where Output == Void {
        self.init { batch in
            do {
                try await body(batch)
                return batch.map { _ in .success(()) }
            } catch {
                return batch.map { _ in .failure(error) }
            }
        }
    }

    /// How many submissions wait for the next flush (not counting the batch being flushed).
    public var pendingCount: Int { state.withLock { $0.pending.count } }

    /// Submits `element` and returns once the flush covering it is done, with its result (or its error).
    public func submit(_ element: Element) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            let startsDrain = state.withLock { state in
                state.pending.append(Waiter(element: element, done: continuation))
                if state.draining { return false }
                state.draining = true
                return true
            }
            if startsDrain { Task.detached { await self.drain() } }
        }
    }

    /// Flushes what is pending, batch after batch, until nothing is (the next submit starts a new drain).
    private func drain() async {
        while true {
            let batch = state.withLock { state in
                let batch = state.pending
                state.pending = []
                if batch.isEmpty { state.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            let results = await flush(batch.map(\.element))
            precondition(results.count == batch.count, "a group-commit flush gave \(results.count) results for \(batch.count)")
            for (waiter, result) in zip(batch, results) { waiter.done.resume(with: result) }
        }
    }
}
