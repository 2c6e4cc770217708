import Foundation
import HTTPTypes
import HummingbirdTesting
import SelfScanDemo
import SelfScanCore
import SelfScanServer
import Testing

/// Issue 15 item 3: refunds never exceed what was paid, per line and per session.
@Suite("Money rules: refunds are capped by what was paid")
struct RefundCapTests {
    @Test func threeForTwoBasketRefundsNeverExceedTheThreeSeventyPaid() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory("money"))
        try await withLiveDaemon(config) { daemon, client in
            let yogurt = try DemoCodes.ean(DemoCatalog.yogurt)
            let shopper = try await MoneyShopper.open(client)
            for _ in 0..<3 { try await shopper.scan(yogurt) }
            let total = try await shopper.checkout(rescanning: [yogurt, yogurt, yogurt])
            #expect(total == 370)  // 3 × 1.85 with 3 pour 2
            let paid = try await shopper.pay("Y-1")
            #expect((paid.body["session"] as? [String: Any])?["state"] as? String == "paid")
            let lines = try #require((paid.body["session"] as? [String: Any])?["lines"] as? [[String: Any]])
            let lineIDs = lines.compactMap { $0["id"] as? String }
            #expect(lineIDs.count == 3)
            let supervisor = try await client.staffHeaders(badge: "BADGE-S200", pin: "4321", role: "supervisor")
            var refunded = 0
            var refusals: [String] = []
            for lineID in lineIDs {
                let answer = try await client.json(
                    .post, "/v1/staff/sessions/\(shopper.id)/refunds", body: ["lineID": lineID], headers: supervisor)
                if answer.status == .ok {
                    refunded += try #require(((answer.body["payment"] as? [String: Any])?["amount"] as? [String: Any])?["minor"] as? Int)
                } else {
                    #expect(answer.status == .conflict)
                    refusals.append(errorCode(answer.body) ?? "?")
                }
            }
            // The free yogurt's line carries the whole discount: 1.85 + 1.85 + nothing, never 5.55.
            #expect(refunded == 370)
            #expect(refusals == ["nothingToRefund"])
            let view = try await shopper.view()
            #expect(viewMinor(view, "payment", "paid") == 0)
            #expect(await daemon.simulatedTerminal?.chargeCount == 1 + 2)
        }
    }

    @Test func threeRefundsOfOneLineTypedInDifferentCaseAreOne() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory("money"))
        try await withLiveDaemon(config) { daemon, client in
            let coffee = try DemoCodes.ean(DemoCatalog.coffee)
            let baguette = try DemoCodes.ean(DemoCatalog.baguette)
            let shopper = try await MoneyShopper.open(client)
            try await shopper.scan(coffee)
            try await shopper.scan(baguette)
            _ = try await shopper.checkout(rescanning: [coffee, baguette])
            let paid = try await shopper.pay("L-1")
            let lines = try #require((paid.body["session"] as? [String: Any])?["lines"] as? [[String: Any]])
            let lineID = try #require(lines.first { ($0["name"] as? String)?.contains("Café") == true }?["id"] as? String)
            let supervisor = try await client.staffHeaders(badge: "BADGE-S200", pin: "4321", role: "supervisor")
            let mixed = String(lineID.enumerated().map { $0.offset % 2 == 0 ? Character($0.element.lowercased()) : $0.element })
            var replays: [Bool] = []
            for typed in [lineID.uppercased(), lineID.lowercased(), mixed] {
                let answer = try await client.json(
                    .post, "/v1/staff/sessions/\(shopper.id)/refunds", body: ["lineID": typed], headers: supervisor)
                #expect(answer.status == .ok, "\(answer.body)")
                replays.append(answer.body["replayed"] as? Bool ?? false)
            }
            #expect(replays == [false, true, true])
            let records = paymentRecords(try await shopper.view())
            #expect(records.filter { $0["outcome"] as? String == "refunded" }.count == 1)
            #expect(await daemon.simulatedTerminal?.chargeCount == 2)  // one charge, one refund
        }
    }
}
