import Foundation
import Logging
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import SelfScanStorage
import SelfScanSync
import SelfScanSyncStorage
import Testing

/// Issue 15 #2: one shopper's junk never blocks a store's sync. Daemon storage on disk, a real referential on
/// loopback (its 1 MiB body limit), the production engine.
@Suite("Sync: an item the referential cannot take never holds back the others")
struct PoisonItemIsolationTests {
    static let storeID: StoreID = "paris-11"

    static func engine(harness: ReferentialHarness, daemon: DaemonStorage, token: String, maxBatchBytes: Int? = nil) async -> SyncEngine {
        var logger = Logger(label: "test.sync")
        logger.logLevel = .critical
        var configuration = SyncEngineConfiguration(
            storeID: storeID, pullInterval: .seconds(3600), pushInterval: .milliseconds(50), batchSize: 200,
            backoff: BackoffPolicy(base: .milliseconds(20), maximum: .milliseconds(200)))
        if let maxBatchBytes { configuration.maxBatchBytes = maxBatchBytes }
        let client = ReferentialClient(baseURL: await harness.baseURL, token: token, timeout: .seconds(20))
        return SyncEngine(
            configuration: configuration, client: client, outbox: daemon.outbox, catalog: daemon.cache, random: { 1.0 },
            logger: logger)
    }

    /// `count` basket events of one session, each carrying `bytes` of junk scan text.
    static func junkScans(count: Int, bytes: Int, session: String = UUID().uuidString) -> [OutboxMessage] {
        (0..<count).map { index in
            OutboxMessage(
                idempotencyKey: UUID().uuidString, kind: IngestKind.basketEvent.rawValue, orderingKey: session,
                payload: Data(#"{"event":"unknownCodeScanned","n":\#(index),"raw":"\#(String(repeating: "Z", count: bytes))"}"#.utf8))
        }
    }

    static func runUntilDrained(_ engine: SyncEngine, _ daemon: DaemonStorage) async throws -> Bool {
        let service = Task { try await engine.run() }
        await engine.outboxChanged()
        let drained = await eventually(within: 60) { (try? daemon.depth()) == 0 }
        service.cancel()
        _ = await service.result
        return drained
    }

    @Test("150 scans of 4 KB junk, a 1.2 MiB item and a rejected item in an offline backlog: every other item arrives")
    func junkShopperDoesNotBlockTheStore() async throws {
        let harness = try await ReferentialHarness()
        try await harness.start()
        let token = try await harness.token(store: Self.storeID)
        let daemon = try DaemonStorage()
        defer { daemon.remove() }
        // The offline period: the junk shopper first (its rows head the batch), then the others' baskets.
        let junkSession = UUID().uuidString
        var junk = Self.junkScans(count: 150, bytes: 4096, session: junkSession)
        let huge = OutboxMessage(
            idempotencyKey: "huge-\(UUID().uuidString)", kind: IngestKind.basketEvent.rawValue, orderingKey: junkSession,
            payload: Data(#"{"event":"unknownCodeScanned","raw":"\#(String(repeating: "H", count: 1_250_000))"}"#.utf8))
        junk.insert(huge, at: 75)
        try daemon.outbox.enqueue(junk)
        // A closed basket the referential rejects (invalid payload), followed by an event of the same session.
        let badSession = UUID().uuidString
        let rejected = OutboxMessage(
            idempotencyKey: "bad-\(UUID().uuidString)", kind: IngestKind.closedBasket.rawValue, orderingKey: badSession,
            payload: Data(#"{"sessionID":"\#(badSession)"}"#.utf8))
        let after = OutboxMessage(
            idempotencyKey: UUID().uuidString, kind: IngestKind.basketEvent.rawValue, orderingKey: badSession,
            payload: Data(#"{"event":"exited"}"#.utf8))
        try daemon.outbox.enqueue([rejected, after])
        for _ in 0..<40 { try daemon.enqueuePaidBasket() }

        // Still offline: the push fails and nothing is lost.
        let deadPort = try DeadPort()
        defer { deadPort.close() }
        var offlineLogger = Logger(label: "test.sync")
        offlineLogger.logLevel = .critical
        let offline = SyncEngine(
            configuration: SyncEngineConfiguration(storeID: Self.storeID, batchSize: 200),
            client: ReferentialClient(baseURL: "http://127.0.0.1:\(deadPort.port)", token: token, timeout: .seconds(2)),
            outbox: daemon.outbox, catalog: daemon.cache, random: { 1.0 }, logger: offlineLogger)
        guard case .failed = await offline.pushOnce() else {
            Issue.record("the push must fail while the referential is unreachable")
            return
        }
        // Back online, with the retry times of the failed push passed.
        try daemon.outbox.expedite(orderingKey: junkSession, now: Date().addingTimeInterval(-1))
        let engine = await Self.engine(harness: harness, daemon: daemon, token: token)
        #expect(try await Self.runUntilDrained(engine, daemon))
        #expect(try await harness.store.ingestCounts() == IngestCounts(items: 150 + 1 + 120, baskets: 40, payments: 40))
        #expect(!engine.status.alarms.contains(.itemsRejected))
        let quarantined = try daemon.outbox.quarantined()
        #expect(Set(quarantined.map(\.idempotencyKey)) == [huge.idempotencyKey, rejected.idempotencyKey])
        #expect(quarantined.first { $0.idempotencyKey == rejected.idempotencyKey }?.reason?.contains("invalidPayload") == true)
        #expect(engine.status.quarantined == 2)
        #expect(engine.status.alarms.contains(.itemsQuarantined))
        #expect(Set(engine.status.quarantinedItems.map(\.id)) == [huge.idempotencyKey, rejected.idempotencyKey])
        await harness.cleanUp()
    }

    @Test("a request refused whole (413: a smaller limit than configured) is split until the culprit is alone")
    func refusedBatchIsBisected() async throws {
        let harness = try await ReferentialHarness()
        try await harness.start()
        let token = try await harness.token(store: Self.storeID)
        let daemon = try DaemonStorage()
        defer { daemon.remove() }
        // 200 rows of ~6 KB: 1.2 MB in one request, over the referential's 1 MiB, because this daemon was told
        // it may send 8 MiB (a proxy or referential with a smaller limit than configured).
        for _ in 0..<4 { try daemon.outbox.enqueue(Self.junkScans(count: 50, bytes: 6000)) }
        for _ in 0..<20 { try daemon.enqueuePaidBasket() }
        let engine = await Self.engine(harness: harness, daemon: daemon, token: token, maxBatchBytes: 8 << 20)
        #expect(try await Self.runUntilDrained(engine, daemon))
        #expect(try await harness.store.ingestCounts() == IngestCounts(items: 200 + 60, baskets: 20, payments: 20))
        #expect(engine.status.quarantined == 0)
        await harness.cleanUp()
    }
}
