import Foundation
import Hummingbird
import Logging
import SelfScanAPI
import SelfScanCore
import SelfScanServer
import SelfScanStorage
import Testing

@Suite("The demo's simulated shopper")
struct DemoShopperScriptTests {
    @Test func replaysTheCoreTripThroughTheScannerPathToTheExitGate() async throws {
        var config = testConfig(role: .store, dataDirectory: try makeTemporaryDirectory("demo"))
        config.catalogSeed = .frenchHypermarketDemo
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let daemon = try await Daemon.open(config: config, logger: logger)
        let app = try buildDemoApplication(daemon: daemon, trip: true, pause: .milliseconds(1)) { _ in }
        let database = try #require(daemon.database)
        // The demo keeps running after the trip: wait (bounded, 60 s) for the shopper to be out, then stop it.
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            let exited = try await eventually(within: 60, every: .milliseconds(100)) {
                try BasketStore(database: database).sessions(limit: 10).contains { $0.state == "exited" } ? true : nil
            } ?? false
            group.cancelAll()
            #expect(exited, "the demo trip did not reach the exit gate within 60 s")
        }
        let sessions = try BasketStore(database: database).sessions(limit: 10)
        let session = try #require(sessions.first)
        #expect(sessions.count == 1)
        #expect(session.state == "exited")
        // Every scan of the core's trip reached the basket's log (products, card, coupon, unknown code).
        let events = try BasketStore(database: database).events(sessionID: session.id)
        #expect(events.count >= DemoShopperScript.scans().count)
    }
}
