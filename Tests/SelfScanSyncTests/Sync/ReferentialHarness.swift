import Foundation
import Hummingbird
import Logging
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import SelfScanSync
import Testing

/// A referential on loopback that a test can stop and start again on the same port, over one SQLite file.
actor ReferentialHarness {
    let store: any ReferentialStore
    private(set) var port = 0
    private var task: Task<Void, any Error>?
    let directory: URL

    init(store: (any ReferentialStore)? = nil) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("selfscan-sync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if let store {
            self.store = store
        } else {
            self.store = try SQLReferentialStore.sqlite(path: directory.appendingPathComponent("ref.sqlite").path)
        }
        try await self.store.migrate()
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts serving (on the previous port when there was one).
    func start(store override: (any ReferentialStore)? = nil) async throws {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "test.harness")
        logger.logLevel = .critical
        let app = ReferentialApplication.build(store: override ?? store, port: port, logger: logger) { port in
            continuation.yield(port)
            continuation.finish()
        }
        task = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        port = try #require(await iterator.next())
    }

    /// Stops serving: the port refuses connections until `start()`.
    func stop() async {
        task?.cancel()
        _ = await task?.result
        task = nil
    }

    func token(store id: StoreID, device: String = "kiosk-1") async throws -> String {
        try await store.issueDeviceToken(store: id, device: DeviceID(device), creatingStore: true)
    }

    func cleanUp() async {
        await stop()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Polls `condition` every 20 ms for at most `seconds`; true when it held. The one bounded poll of this target: only
/// for state the code under test announces through no awaitable event (a referential's tables, an engine's status).
func eventually(within seconds: Double = 30, _ condition: @Sendable () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
