import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SelfScanAPI
import SelfScanCore
import SelfScanDemo
import SelfScanServer
import Testing

/// The e-receipt: a signed, expiring link to the paid basket's receipt (same lines, promotion lines and VAT
/// breakdown as the displayed receipt), refused before payment, after expiry, altered, or as an exit pass.
@Suite("E-receipt on the phone")
struct EReceiptTests {
    @Test("paid trip: the link opens the same receipt; unpaid, expired, altered and exit-kind tokens are refused")
    func signedExpiringReceiptLink() async throws {
        var config = testConfig(role: .store, dataDirectory: try makeTemporaryDirectory())
        config.catalogSeed = .frenchHypermarketDemo
        let clock = TestClock()
        try await withLiveDaemon(config, clock: clock) { daemon, client in
            let basket = try await scanDemoBasket(client)
            let (id, shopper) = (basket.id, basket.shopper)
            let early = try await client.json(.post, "/v1/sessions/\(id)/e-receipt", headers: shopper)
            #expect(early.status == .conflict && errorCode(early.body) == "notPaid", "\(early.body)")

            try await checkOutAndPay(client, basket, paymentID: "P-1")

            let link = try await client.json(.post, "/v1/sessions/\(id)/e-receipt", headers: shopper)
            #expect(link.status == .ok, "\(link.body)")
            let receiptToken = try #require(link.body["token"] as? String)
            #expect(link.body["url"] as? String == "/e-receipt.html#t=\(receiptToken)")
            // ISO 8601 like every instant the daemon sends (it was Unix seconds, the one integer time left on the wire).
            #expect(
                link.body["expiresAt"] as? String
                    == Date(timeIntervalSince1970: TimeInterval(clock.now + 48 * 3600)).formatted(.iso8601))

            let displayed = try await client.json(.get, "/v1/sessions/\(id)/receipt", headers: shopper)
            let phone = try await client.json(.get, "/v1/e-receipts/\(receiptToken)")
            #expect(phone.status == .ok, "\(phone.body)")
            for key in ["total", "vatBreakdown", "discounts", "items", "discountTotal"] {
                #expect(
                    try JSONSerialization.data(withJSONObject: phone.body[key] ?? NSNull(), options: [.sortedKeys])
                        == JSONSerialization.data(withJSONObject: displayed.body[key] ?? NSNull(), options: [.sortedKeys]),
                    "\(key) differs")
            }
            #expect((phone.body["discounts"] as? [Any])?.isEmpty == false, "the 3 pour 2 line is on the e-receipt")
            #expect((phone.body["vatBreakdown"] as? [Any])?.isEmpty == false)

            // Tampered: one character of the payload changed.
            var altered = Array(receiptToken)
            let middle = altered.count / 2
            altered[middle] = altered[middle] == "A" ? "B" : "A"
            let forged = try await client.json(.get, "/v1/e-receipts/\(String(altered))")
            #expect(forged.status.code >= 400 && forged.status.code < 500, "\(forged.body)")
            // An exit pass is not a receipt link.
            let pass = try await client.json(.get, "/v1/sessions/\(id)/exit-pass", headers: shopper)
            if let exitCode = (pass.body["code"] as? String)?.split(separator: ":").last {
                let wrongKind = try await client.json(.get, "/v1/e-receipts/\(exitCode)")
                #expect(wrongKind.status == .badRequest, "\(wrongKind.body)")
            }
            // Expired after 48 h.
            clock.advance(by: 48 * 3600)
            let expired = try await client.json(.get, "/v1/e-receipts/\(receiptToken)")
            #expect(expired.status == .gone && errorCode(expired.body) == "passExpired", "\(expired.body)")
        }
    }

    @Test("the kiosk's one phone code: the e-receipt carries the exit pass while the basket is paid, not once it is out")
    func eReceiptCarriesTheExitPassUntilTheBasketLeaves() async throws {
        var config = testConfig(role: .store, dataDirectory: try makeTemporaryDirectory())
        config.catalogSeed = .frenchHypermarketDemo
        try await withLiveDaemon(config, clock: TestClock()) { _, client in
            let basket = try await scanDemoBasket(client)
            try await checkOutAndPay(client, basket, paymentID: "P-1")
            let link = try await client.json(.post, "/v1/sessions/\(basket.id)/e-receipt", headers: basket.shopper)
            let token = try #require(link.body["token"] as? String)
            let view = try await client.json(.get, "/v1/sessions/\(basket.id)", headers: basket.shopper)
            let pass = try #require(view.body["exitPass"] as? [String: Any], "\(view.body)")
            let code = try #require(pass["code"] as? String)

            let paid = try await client.json(.get, "/v1/e-receipts/\(token)")
            let carried = try #require(paid.body["exitPass"] as? [String: Any], "\(paid.body)")
            #expect(carried["code"] as? String == code)
            #expect(carried["expiresAt"] as? String == pass["expiresAt"] as? String)

            let gate = try await client.json(.post, "/v1/gate/passes", body: ["code": code])
            #expect(gate.status == .ok, "\(gate.body)")
            let out = try await client.json(.get, "/v1/e-receipts/\(token)")
            #expect(out.status == .ok, "\(out.body)")
            #expect(out.body["exitPass"] == nil, "a basket that left shows no pass: \(out.body)")
            #expect((out.body["items"] as? [Any])?.isEmpty == false, "the receipt stays")
        }
    }
}
