import Foundation
import Logging
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import SelfScanStorage
import SelfScanSync
import SelfScanSyncStorage
import Synchronization
import Testing

/// Issue 15 #5: the gate's "exited" reaches the referential (its outbox, pushed) and the issuing kiosk (its
/// engine reads the store's exits and hands them to the sessions).
@Suite("Sync: a gate's exit reaches the referential and the kiosk")
struct ExitPropagationTests {
    static func engine(_ harness: ReferentialHarness, _ daemon: DaemonStorage, token: String, pullsCatalog: Bool) async -> SyncEngine {
        var logger = Logger(label: "test.sync")
        logger.logLevel = .critical
        var configuration = SyncEngineConfiguration(
            storeID: "caen-1", pullInterval: .seconds(3600), pushInterval: .milliseconds(50),
            backoff: BackoffPolicy(base: .milliseconds(20), maximum: .milliseconds(200)))
        configuration.pullsCatalog = pullsCatalog
        configuration.exitPollInterval = .milliseconds(50)
        return SyncEngine(
            configuration: configuration,
            client: ReferentialClient(baseURL: await harness.baseURL, token: token, timeout: .seconds(10)),
            outbox: daemon.outbox, catalog: daemon.cache, random: { 1.0 }, logger: logger)
    }

    @Test("gate outbox exit → referential → kiosk listener, once per basket")
    func exitReachesTheKiosk() async throws {
        let harness = try await ReferentialHarness()
        try await harness.start()
        let gateToken = try await harness.token(store: "caen-1", device: "gate-1")
        let kioskToken = try await harness.token(store: "caen-1", device: "kiosk-1")
        let gateStorage = try DaemonStorage()
        let kioskStorage = try DaemonStorage()
        defer {
            gateStorage.remove()
            kioskStorage.remove()
        }
        let session = UUID().uuidString
        try gateStorage.outbox.enqueue([
            try OutboxMessage.exited(ExitRecord(sessionID: session, passNonce: "nonce-1", exitedAt: Date()))
        ])
        let gate = await Self.engine(harness, gateStorage, token: gateToken, pullsCatalog: false)
        let kiosk = await Self.engine(harness, kioskStorage, token: kioskToken, pullsCatalog: true)
        let learnt = Mutex<[String]>([])
        await kiosk.setExitListener { exits in learnt.withLock { $0 += exits.map(\.sessionID) } }
        let gateService = Task { try await gate.run() }
        let kioskService = Task { try await kiosk.run() }
        #expect(await eventually { learnt.withLock { $0 } == [session] })
        #expect(try gateStorage.depth() == 0)
        #expect(await kiosk.pollExitsOnce() == 0)  // the cursor moved on: each exit is handed over once
        gateService.cancel()
        kioskService.cancel()
        _ = await gateService.result
        _ = await kioskService.result
        #expect(learnt.withLock { $0 } == [session])
        await harness.cleanUp()
    }
}
