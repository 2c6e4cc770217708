import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SelfScanCore
import SelfScanReferential
import SelfScanServer
import Testing

/// Why the adversarial harness could not set its world up.
enum HarnessError: Error {
    case referentialDidNotStart
    case daemonDidNotStart(String)
    case notRunning(String)
}

/// The harness's referential: a real SQLite referential on loopback that can be stopped (an outage) and started
/// again on the same port and database, so the daemons' configured URL stays right.
final class HarnessReferential: @unchecked Sendable {  // driven by the one harness task, never concurrently
    let store: any ReferentialStore
    let directory: String
    private(set) var port = 0
    private var running: Task<Void, any Error>?
    private(set) var outages = 0

    init() async throws {
        directory = try makeTemporaryDirectory("harness-referential")
        let store = try SQLReferentialStore.sqlite(path: "\(directory)/referential.sqlite")
        try await store.migrate()
        try await store.createStore(
            StoreRecord(id: StoreID(HandoffWorld.store), name: "Test", priceConflictRule: .chargeScanPrice))
        self.store = store
    }

    var isUp: Bool { running != nil }
    var url: String { "http://127.0.0.1:\(port)" }

    /// Starts serving (on the first start a free port, then the same one) and returns once it listens.
    func start() async throws {
        guard running == nil else { return }
        var logger = Logger(label: "test.harness.referential")
        logger.logLevel = .critical
        let (ports, listening) = AsyncStream.makeStream(of: Int.self)
        let app = ReferentialApplication.build(store: store, port: port, logger: logger) { bound in
            listening.yield(bound)
            listening.finish()
        }
        let task = Task {
            defer { listening.finish() }  // a server that fails to start ends the wait below
            try await app.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next() else {
            try await task.value
            throw HarnessError.referentialDidNotStart
        }
        port = bound
        running = task
    }

    /// Stops serving (graceful shutdown of the HTTP server); the daemons see connection refused.
    func stop() async {
        guard let task = running else { return }
        running = nil
        task.cancel()
        _ = try? await task.value
        outages += 1
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}

/// One in-process daemon of the harness, served over real HTTP on loopback (`app.test(.live)`), that can be
/// stopped and reopened on the same data directory with the same simulated terminal (a crash as the daemon
/// sees it: whatever was between the terminal's approval and the record is found at start-up).
final class HarnessNode: @unchecked Sendable {  // driven by the one harness task, never concurrently
    struct Live {
        let daemon: Daemon
        let client: any TestClientProtocol
    }

    private struct ClientBox: @unchecked Sendable {  // handed once from the server task to the harness task
        let client: any TestClientProtocol
    }

    let name: String
    let config: DaemonConfig
    let terminal: SimulatedPaymentTerminal?
    let clock: TestClock
    private var live: Live?
    private var stopSignal: AsyncStream<Void>.Continuation?
    private var running: Task<Void, any Error>?
    private(set) var restarts = 0
    /// Staff bearer headers by role, valid until the next restart.
    private var staffTokens: [String: HTTPFields] = [:]

    init(name: String, config: DaemonConfig, clock: TestClock) {
        self.name = name
        self.config = config
        self.clock = clock
        terminal = config.role == .gate ? nil : SimulatedPaymentTerminal()
    }

    var daemon: Daemon {
        get throws {
            guard let live else { throw HarnessError.notRunning(name) }
            return live.daemon
        }
    }

    var client: any TestClientProtocol {
        get throws {
            guard let live else { throw HarnessError.notRunning(name) }
            return live.client
        }
    }

    func start() async throws {
        var logger = Logger(label: "test.harness.\(name)")
        logger.logLevel = .critical
        let clock = self.clock
        let daemon = try await Daemon.open(config: config, logger: logger, clock: clock.session, simulatedTerminal: terminal)
        let app = try buildApplication(daemon: daemon)
        let (clients, ready) = AsyncStream.makeStream(of: ClientBox.self)
        let (stop, stopSignal) = AsyncStream.makeStream(of: Void.self)
        let task = Task {
            defer { ready.finish() }
            try await app.test(.live) { client in
                ready.yield(ClientBox(client: client))
                for await _ in stop {}
            }
        }
        var iterator = clients.makeAsyncIterator()
        guard let box = await iterator.next() else {
            try await task.value
            throw HarnessError.daemonDidNotStart(name)
        }
        live = Live(daemon: daemon, client: box.client)
        self.stopSignal = stopSignal
        running = task
    }

    func stop() async throws {
        stopSignal?.finish()
        stopSignal = nil
        live = nil
        staffTokens = [:]
        let task = running
        running = nil
        try await task?.value
    }

    /// Stops and reopens the daemon on its data directory.
    func restart() async throws {
        try await stop()
        try await start()
        restarts += 1
    }

    /// Supervisor (or auditor) bearer headers, logged in once per run of the daemon.
    func staff(_ role: String) async throws -> HTTPFields {
        if let headers = staffTokens[role] { return headers }
        let headers = try await client.staffHeaders(badge: "BADGE-S200", pin: "4321", role: role)
        staffTokens[role] = headers
        return headers
    }
}
