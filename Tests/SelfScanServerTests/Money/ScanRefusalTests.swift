import Foundation
import HTTPTypes
import HummingbirdTesting
import SelfScanDemo
import SelfScanCore
import SelfScanServer
import Testing

/// Issue 15 item 11: a refused scan records nothing and leaves a session that can be shown.
@Suite("Money rules: refused scans")
struct ScanRefusalTests {
    @Test func oneGramLabelThatWouldCostNothingIsRefusedAndRecordsNothing() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory("money"))
        try await withLiveDaemon(config) { _, client in
            let shopper = try await MoneyShopper.open(client)
            // 1 g of tomatoes at 3.49 €/kg is 0.00349 €: 0.00 after rounding.
            let label = try await shopper.scan(try DemoCodes.scaleLabel("21", DemoCatalog.tomatoes, value: 1))
            #expect(label.status == .unprocessableContent)
            #expect(errorCode(label.body) == "lineAmountZero")
            let view = try await client.json(.get, "/v1/sessions/\(shopper.id)", headers: shopper.headers)
            #expect(view.status == .ok)
            #expect((view.body["lines"] as? [Any])?.isEmpty == true)
            // 3 g is 0.01 €: sold.
            let three = try await shopper.scan(try DemoCodes.scaleLabel("21", DemoCatalog.tomatoes, value: 3))
            #expect(three.status == .ok)
            #expect(viewMinor(try #require(three.body["session"] as? [String: Any]), "totals", "total") == 1)
        }
    }
}
