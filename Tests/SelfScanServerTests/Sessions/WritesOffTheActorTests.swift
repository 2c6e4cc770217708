import Foundation
import GRDB
import HummingbirdTesting
import SelfScanServer
import Synchronization
import Testing

/// Issue 16 item 5: the daemon's SQLite writes (session open, payments, exits…) are group-committed off the
/// `LiveSessions` actor. A write held in its commit on one session must not hold the answer to another
/// session's read: with the write on the actor (or blocking a cooperative thread the actor needs), the read
/// below would wait for the held commit, which is only released after the read answers.
@Suite("Writes off the actor")
struct WritesOffTheActorTests {
    // Disabled: it hangs here (the transaction observer never reports the held commit, and a task group cannot
    // give up on an uncancellable continuation), so it proves nothing yet. Kept to be fixed (see the report).
    @Test(.disabled("hangs: the commit hold is never observed; to be fixed"))
    func aSessionOpenHeldInItsCommitDoesNotHoldAnotherSessionsRead() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config) { daemon, client in
            let opened = try await client.json(.post, "/v1/sessions")
            let other = try #require((opened.body["session"] as? [String: Any])?["id"] as? String)
            let token = try #require(opened.body["token"] as? String)

            let hold = CommitHold(table: "basket_session")
            try #require(daemon.database).writer.add(transactionObserver: hold, extent: .databaseLifetime)
            hold.arm()
            let opening = Task { () async throws -> Int in
                let answer = try await client.json(.post, "/v1/sessions")
                return answer.status.code
            }
            // The new session's transaction is inside its commit, and stays there.
            let isHeld = try await firstOf({ await hold.held(); return true }, failureBound: .seconds(30))
            guard isHeld == true else {
                hold.release()
                Issue.record("the new session's write never reached its commit")
                return
            }

            let answeredFirst = try await firstOf(
                { () async throws -> (status: Int, id: String?) in
                    let read = try await client.json(
                        .get, "/v1/sessions/\(other)", headers: SessionTripTests.sessionHeaders(token))
                    return (read.status.code, read.body["id"] as? String)
                },
                failureBound: .seconds(30))
            hold.release()
            let read = try #require(answeredFirst, "the read waited for another session's held write")
            #expect(read.status == 200)
            #expect(read.id == other)
            #expect(try await opening.value == 201)
        }
    }

    /// `body`'s result, or nil when `failureBound` passes first (a failure bound, not a synchronisation).
    private func firstOf<T: Sendable>(
        _ body: @escaping @Sendable () async throws -> T, failureBound: Duration
    ) async throws -> T? {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try? await Task.sleep(for: failureBound)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}

/// Holds the first transaction that changes `table` after `arm()` inside its commit (on GRDB's writer queue,
/// never a cooperative thread) until `release()`; `held()` returns once it is held.
final class CommitHold: TransactionObserver, @unchecked Sendable {
    // @unchecked: every mutable field is behind `state`; the semaphore is thread-safe.
    private struct State {
        var armed = false
        var touched = false
        var isHeld = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let table: String
    private let state = Mutex(State())
    private let gate = DispatchSemaphore(value: 0)

    init(table: String) { self.table = table }

    func arm() { state.withLock { $0.armed = true } }

    func release() { gate.signal() }

    func held() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state in
                if state.isHeld { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }

    func databaseDidChange(with event: DatabaseEvent) {
        guard event.tableName == table else { return }
        state.withLock { if $0.armed { $0.touched = true } }
    }

    func databaseWillCommit() throws {
        let waiters: [CheckedContinuation<Void, Never>]? = state.withLock { state in
            guard state.armed, state.touched else { return nil }
            state.armed = false
            state.isHeld = true
            defer { state.waiters = [] }
            return state.waiters
        }
        guard let waiters else { return }
        for waiter in waiters { waiter.resume() }
        gate.wait()
    }

    func databaseDidCommit(_ db: Database) { state.withLock { $0.touched = false } }

    func databaseDidRollback(_ db: Database) { state.withLock { $0.touched = false } }
}
