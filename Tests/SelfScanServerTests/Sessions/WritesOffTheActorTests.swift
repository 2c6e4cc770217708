import Foundation
import SelfScanCore
import GRDB
import HummingbirdTesting
import SelfScanDemo
import SelfScanServer
import Synchronization
import Testing

/// Issue 16 item 5: the daemon's SQLite writes (session open, scans, payments, exits…) are group-committed off
/// the `LiveSessions` actor. A write held in its commit on one session must not hold the answer to another
/// session's read: with the write on the actor (or blocking a cooperative thread the actor needs), the read
/// below would wait for the held commit, which is only released after the read answers.
///
/// Why this test once hung (disabled, "the observer never fires"): it watched `basket_session`, a
/// `WITHOUT ROWID` table, and SQLite's update hook (which GRDB's `databaseDidChange(with:)` rests on) never
/// reports changes to such tables; so the hold never armed. It now watches `basket_event` (a rowid table,
/// written by the same transaction). Its read also went over the test client's one keep-alive connection,
/// which HTTP/1.1 answers in order, so it would have queued behind the held request whatever the actor did:
/// the read now has a connection of its own (`RawHTTP`). Its waits give up when their bound passes instead of
/// hanging on an uncancellable continuation.
@Suite("Writes off the actor")
struct WritesOffTheActorTests {
    @Test func aSessionOpenHeldInItsCommitDoesNotHoldAnotherSessionsRead() async throws {
        try await heldWriteDoesNotHoldARead(expecting: 201) { client, _ in
            let answer = try await client.json(.post, "/v1/sessions")
            return answer.status.code
        }
    }

    @Test func aScanHeldInItsCommitDoesNotHoldAnotherSessionsRead() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config) { daemon, client in
            let scanned = try await client.json(.post, "/v1/sessions")
            let scannedID = try #require((scanned.body["session"] as? [String: Any])?["id"] as? String)
            let scannedToken = try #require(scanned.body["token"] as? String)
            let payload = try DemoCodes.ean(DemoCatalog.yogurt)
            try await heldWriteDoesNotHoldARead(daemon: daemon, client: client, expecting: 200) { client, _ in
                let answer = try await client.json(
                    .post, "/v1/sessions/\(scannedID)/scans", body: ["payload": payload],
                    headers: SessionTripTests.sessionHeaders(scannedToken))
                return answer.status.code
            }
        }
    }

    /// Opens a session to read, holds the next basket write (`write`) inside its commit, and reads the other
    /// session over a connection of its own while the write is held.
    private func heldWriteDoesNotHoldARead(
        expecting status: Int, _ write: @escaping @Sendable (any TestClientProtocol, Daemon) async throws -> Int
    ) async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config) { daemon, client in
            try await heldWriteDoesNotHoldARead(daemon: daemon, client: client, expecting: status, write)
        }
    }

    private func heldWriteDoesNotHoldARead(
        daemon: Daemon, client: any TestClientProtocol, expecting status: Int,
        _ write: @escaping @Sendable (any TestClientProtocol, Daemon) async throws -> Int
    ) async throws {
        let port = try #require(client.port)
        let opened = try await client.json(.post, "/v1/sessions")
        let other = try #require((opened.body["session"] as? [String: Any])?["id"] as? String)
        let token = try #require(opened.body["token"] as? String)

        let hold = CommitHold(table: "basket_event")
        try #require(daemon.database).writer.add(transactionObserver: hold, extent: .databaseLifetime)
        hold.arm()
        let writing = Task { try await write(client, daemon) }
        // The write's transaction is inside its commit, and stays there.
        let isHeld = await firstOf({ await hold.held() }, failureBound: .seconds(30)) ?? false
        guard isHeld else {
            hold.release()
            _ = try? await writing.value
            Issue.record("the write never reached its commit")
            return
        }

        let read = await firstOf(
            {
                try? await RawHTTP.send(
                    port: port,
                    "GET /v1/sessions/\(other) HTTP/1.1\nHost: localhost:\(port)\nX-Session-Token: \(token)\n"
                        + "Connection: close\n\n")
            },
            failureBound: .seconds(30)) ?? nil
        let stillHeld = hold.isStillHeld
        hold.release()
        #expect(stillHeld, "the write was released before the read answered: the test proves nothing")
        let answer = try #require(read, "the read waited for another session's held write")
        #expect(answer.status == 200, "\(answer.body)")
        let body = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
        #expect(body?["id"] as? String == other)
        #expect(try await writing.value == status)
    }

    /// `body`'s result, or nil when `failureBound` passes first (a failure bound, not a synchronisation).
    private func firstOf<T: Sendable>(
        _ body: @escaping @Sendable () async -> T, failureBound: Duration
    ) async -> T? {
        await withTimeout(failureBound, body)
    }
}

/// Holds the first transaction that changes `table` after `arm()` inside its commit (on GRDB's writer queue,
/// never a cooperative thread) until `release()`; `held()` returns true once it is held (false if cancelled
/// first). `table` must be a rowid table: SQLite reports no change of a `WITHOUT ROWID` table to the update
/// hook, so such a table never arms the hold.
final class CommitHold: TransactionObserver, @unchecked Sendable {
    // @unchecked: every mutable field is behind `state`; the semaphore is thread-safe.
    private struct State {
        var armed = false
        var touched = false
        var isHeld = false
        var isReleased = false
        var waiters: [UUID: CheckedContinuation<Bool, Never>] = [:]
        var cancelled: Set<UUID> = []
    }

    private let table: String
    private let state = Mutex(State())
    private let gate = DispatchSemaphore(value: 0)

    init(table: String) { self.table = table }

    func arm() { state.withLock { $0.armed = true } }

    func release() {
        let wasHeld = state.withLock { state in
            defer { state.isReleased = true }
            return state.isHeld && !state.isReleased
        }
        if wasHeld { gate.signal() }
    }

    /// A transaction is held in its commit now.
    var isStillHeld: Bool { state.withLock { $0.isHeld && !$0.isReleased } }

    func held() async -> Bool {
        let id = UUID()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let answer: Bool? = state.withLock { state in
                    if state.isHeld { return true }
                    if state.cancelled.remove(id) != nil { return false }
                    state.waiters[id] = continuation
                    return nil
                }
                if let answer { continuation.resume(returning: answer) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                guard let waiter = state.waiters.removeValue(forKey: id) else {
                    state.cancelled.insert(id)
                    return CheckedContinuation<Bool, Never>?.none
                }
                return waiter
            }
            waiter?.resume(returning: false)
        }
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }

    func databaseDidChange(with event: DatabaseEvent) {
        guard event.tableName == table else { return }
        state.withLock { if $0.armed { $0.touched = true } }
    }

    func databaseWillCommit() throws {
        let waiters: [CheckedContinuation<Bool, Never>]? = state.withLock { state in
            guard state.armed, state.touched, !state.isReleased else { return nil }
            state.armed = false
            state.isHeld = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        guard let waiters else { return }
        for waiter in waiters { waiter.resume(returning: true) }
        gate.wait()
    }

    func databaseDidCommit(_ db: Database) { state.withLock { $0.touched = false } }

    func databaseDidRollback(_ db: Database) { state.withLock { $0.touched = false } }
}
