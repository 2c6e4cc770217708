import Foundation
import SelfScanDemo
import SelfScanCore
import SelfScanServer
import Testing

/// A session imported by a hand-off counts in the kiosk's sessions-by-state gauges like any other (it was
/// missing from them: its `resumed` then took one off another suspended session's count).
@Suite("Hand-off and the sessions-by-state gauges")
struct HandoffGaugeTests {
    @Test func anImportedSessionIsCountedOnTheKiosk() async throws {
        try await HandoffWorld.with { world in
            let handheldConfig = try await world.config(device: "handheld-g", role: .handheld)
            let kioskConfig = try await world.config(device: "kiosk-g", role: .kiosk)
            try await withLiveDaemon(handheldConfig) { handheld, handheldClient in
                let shopper = try await handheldClient.shopper(scanning: [DemoCatalog.coffee])
                let code = try await handheldClient.suspendForHandoff(shopper)
                try await drainOutbox(handheld)
                try await withLiveDaemon(kioskConfig) { _, kioskClient in
                    // A basket of the kiosk's own, suspended there.
                    let local = try await kioskClient.shopper(scanning: [DemoCatalog.baguette])
                    _ = try await kioskClient.suspendForHandoff(local)
                    var text = try await SessionGaugeTests.scrape(kioskClient)
                    #expect(SessionGaugeTests.gauge("suspended", in: text) == 1)

                    let resumed = try await kioskClient.resume(code: code)
                    #expect(resumed.status == .ok, "\(resumed.body)")
                    text = try await SessionGaugeTests.scrape(kioskClient)
                    #expect(SessionGaugeTests.gauge("suspended", in: text) == 1)  // the kiosk's own one
                    #expect(SessionGaugeTests.gauge("scanning", in: text) == 1)  // the handed-off one
                }
            }
        }
    }
}
