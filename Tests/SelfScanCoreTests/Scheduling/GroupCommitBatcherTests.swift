import SelfScanCore
import Synchronization
import Testing

@Suite("GroupCommitBatcher: one flush for what arrives meanwhile")
struct GroupCommitBatcherTests {
    struct DiskFull: Error, Equatable {}

    /// A flush that holds its first batch until released, so that the next submitters pile up behind it.
    final class Gate: Sendable {
        let batches = Mutex<[[Int]]>([])
        let (entered, enteredContinuation) = AsyncStream.makeStream(of: Void.self)
        let (release, releaseContinuation) = AsyncStream.makeStream(of: Void.self)

        func flush(_ batch: [Int]) async {
            let first = batches.withLock { $0.append(batch); return $0.count == 1 }
            if first {
                enteredContinuation.yield()
                for await _ in release { break }
            }
        }
    }

    @Test("submitters arriving during a flush share the next one, each gets its own result")
    func concurrentSubmittersShareOneFlush() async throws {
        let gate = Gate()
        let batcher = GroupCommitBatcher<Int, Int> { batch in
            await gate.flush(batch)
            return batch.map { .success($0 * 10) }
        }
        async let first = batcher.submit(1)
        for await _ in gate.entered { break }
        // The first flush is held: these five wait in the queue.
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for value in 2...6 { group.addTask { try await batcher.submit(value) } }
            // Released once all five are queued behind the held flush.
            while batcher.pendingCount < 5 { await Task.yield() }
            gate.releaseContinuation.yield()
            var all: [Int] = []
            for try await result in group { all.append(result) }
            return all.sorted()
        }
        #expect(try await first == 10)
        #expect(results == [20, 30, 40, 50, 60])
        let batches = gate.batches.withLock { $0 }
        #expect(batches.count == 2)
        #expect(batches.first == [1])
        #expect(batches.last?.sorted() == [2, 3, 4, 5, 6])
    }

    @Test("a flush that fails fails every waiter of its batch, and the next batch still flushes")
    func anErrorReachesEveryWaiterOfTheBatch() async throws {
        let gate = Gate()
        let failing = Mutex(true)
        let batcher = GroupCommitBatcher<Int, Void>(flushingAll: { batch in
            await gate.flush(batch)
            if failing.withLock({ $0 }) { throw DiskFull() }
        })
        let held = Task { try await batcher.submit(0) }
        for await _ in gate.entered { break }
        let waiters = (1...4).map { value in Task { try await batcher.submit(value) } }
        while batcher.pendingCount < 4 { await Task.yield() }
        gate.releaseContinuation.yield()
        await #expect(throws: DiskFull.self) { try await held.value }
        for waiter in waiters {
            await #expect(throws: DiskFull.self) { try await waiter.value }
        }
        #expect(gate.batches.withLock { $0.count } == 2)
        failing.withLock { $0 = false }
        try await batcher.submit(5)
    }
}
