import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SelfScanDemo
import SelfScanCore
import SelfScanReferential
import SelfScanServer
import SelfScanStorage
import SelfScanSync
import Testing

/// Issue 15 #5 end to end: a kiosk, a separate gate daemon and the referential, over loopback HTTP.
@Suite("A gate's exit reaches the referential and the issuing kiosk")
struct GateExitThroughReferentialTests {
    @Test func gateExitReachesTheReferentialAndTheKiosk() async throws {
        try await HandoffWorld.with { world in
            let kioskConfig = try await world.config(device: "kiosk-1", role: .kiosk)
            let gateConfig = try await world.config(device: "gate-1", role: .gate)
            try await withLiveDaemon(kioskConfig) { kiosk, kioskClient in
                let shopper = try await kioskClient.shopper(scanning: [DemoCatalog.yogurt])
                let paid = try await shopper.checkoutAndPay(products: [DemoCatalog.yogurt])
                #expect(paid["state"] as? String == "paid")
                let pass = try await kioskClient.json(.get, "/v1/sessions/\(shopper.id)/exit-pass", headers: shopper.headers)
                let code = try #require(pass.body["code"] as? String)
                try await withLiveDaemon(gateConfig) { gate, gateClient in
                    let opened = try await gateClient.json(.post, "/v1/gate/passes", body: ["code": code])
                    #expect(opened.status == .ok, "\(opened.body)")
                    try await drainOutbox(gate)
                }
                let exits = try await world.referential.exits(store: StoreID(HandoffWorld.store), after: 0, limit: 10)
                #expect(exits.map(\.sessionID) == [shopper.id])
                #expect(exits.first?.gateDevice == "gate-1")
                let learnt = await kiosk.sync?.pollExitsOnce() ?? 0
                #expect(learnt >= 1)
                let view = try await kioskClient.json(.get, "/v1/sessions/\(shopper.id)", headers: shopper.headers)
                #expect(view.body["state"] as? String == "exited")
            }
        }
    }
}
