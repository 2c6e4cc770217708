import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanStorage
import SelfScanSync
import Synchronization

/// The daemon side on disk, as in production: a store SQLite file with its outbox and catalog cache.
struct DaemonStorage {
    let directory: URL
    let database: StoreDatabase
    var outbox: Outbox { Outbox(database: database) }
    var cache: CatalogCache { CatalogCache(database: database) }

    init(alarmDepth: Int = 100_000) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("selfscan-daemon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var options = StoreDatabase.Options()
        options.outboxAlarmDepth = alarmDepth
        database = try StoreDatabase.open(atPath: directory.appendingPathComponent("store.sqlite").path, options: options)
    }

    /// Queues what a paid basket leaves behind, in one transaction: a basket event, the closed basket and the
    /// payment (3 outbox rows in one ordering key).
    func enqueuePaidBasket(totalMinor: Int64 = 999, at date: Date = Date()) throws {
        let session = SessionID(uuid: UUID())
        let event = OutboxMessage(
            idempotencyKey: UUID().uuidString, kind: IngestKind.basketEvent.rawValue, orderingKey: session.uuid.uuidString,
            payload: Data(#"{"event":"paid"}"#.utf8))
        let basket = try OutboxMessage.closedBasket(
            ClosedBasketPayload(
                sessionID: session.uuid.uuidString, closedAt: date, total: Money(minor: totalMinor, currency: .eur), lineCount: 2),
            idempotencyKey: UUID().uuidString)
        let payment = try OutboxMessage.payment(
            try PaymentRecord(
                idempotencyKey: UUID().uuidString, sessionID: session, amount: Money(minor: totalMinor, currency: .eur),
                outcome: .approved, scheme: "CB", last4: "0005", authCode: "OK1", terminalTransactionID: "T1",
                recordedAt: date))
        try outbox.enqueue([event, basket, payment], now: date)
    }

    func depth() throws -> Int { try outbox.status().depth }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// Wall time a test moves by hand (for backoff steps driven with `pushOnce()`).
final class ManualTime: Sendable {
    private let current = Mutex(Date())
    func now() -> Date { current.withLock { $0 } }
    func advance(seconds: Double) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
