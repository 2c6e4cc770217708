import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import SelfScanDemo
import SelfScanCore
import SelfScanServer
import Synchronization
import Testing

@Suite("Partial payments, refunds and the event stream")
struct PaymentAndEventTests {
    @Test func partialPaymentsThenRefundOfALine() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config) { daemon, client in
            let opened = try await client.json(.post, "/v1/sessions")
            let token = try #require(opened.body["token"] as? String)
            let id = try #require((opened.body["session"] as? [String: Any])?["id"] as? String)
            let shopper = SessionTripTests.sessionHeaders(token)
            for product in [DemoCatalog.coffee, DemoCatalog.baguette] {
                _ = try await client.json(
                    .post, "/v1/sessions/\(id)/scans", body: ["payload": try DemoCodes.ean(product)], headers: shopper)
            }
            var checkout = try await client.json(.post, "/v1/sessions/\(id)/checkout", headers: shopper)
            if checkout.body["state"] as? String == "auditRequired" {
                let auditor = try await client.staffHeaders(badge: "BADGE-S200", pin: "4321", role: "auditor")
                _ = try await client.json(.post, "/v1/staff/sessions/\(id)/audit", headers: auditor)
                for product in [DemoCatalog.coffee, DemoCatalog.baguette] {
                    _ = try await client.json(
                        .post, "/v1/staff/sessions/\(id)/audit/scans", body: ["payload": try DemoCodes.ean(product)],
                        headers: auditor)
                }
                checkout = try await client.json(.post, "/v1/staff/sessions/\(id)/audit/validate", headers: auditor)
            }
            #expect(checkout.body["state"] as? String == "readyToPay")
            let total = try #require(((checkout.body["totals"] as? [String: Any])?["total"] as? [String: Any])?["minor"] as? Int)

            let tooMuch = try await client.json(
                .post, "/v1/sessions/\(id)/payment",
                body: ["paymentID": "X-0", "amount": ["minor": total + 1, "currency": "EUR"]], headers: shopper)
            #expect(tooMuch.status == .unprocessableContent)
            #expect(errorCode(tooMuch.body) == "badAmount")
            let part = try await client.json(
                .post, "/v1/sessions/\(id)/payment",
                body: ["paymentID": "X-1", "amount": ["minor": 100, "currency": "EUR"]], headers: shopper)
            let afterPart = try #require(part.body["session"] as? [String: Any])
            #expect(afterPart["state"] as? String == "readyToPay")
            #expect(((afterPart["payment"] as? [String: Any])?["due"] as? [String: Any])?["minor"] as? Int == total - 100)
            let rest = try await client.json(.post, "/v1/sessions/\(id)/payment", body: ["paymentID": "X-2"], headers: shopper)
            let paid = try #require(rest.body["session"] as? [String: Any])
            #expect(paid["state"] as? String == "paid")
            #expect((rest.body["payment"] as? [String: Any])?["amount"] as? [String: Any] != nil)
            #expect(((paid["payment"] as? [String: Any])?["records"] as? [Any])?.count == 2)

            // Refund of the baguette line after payment: its own record, once.
            let lineID = try #require((paid["lines"] as? [[String: Any]])?.first { ($0["name"] as? String)?.contains("Baguette") == true }?["id"] as? String)
            let attendant = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
            let refused = try await client.json(.post, "/v1/staff/sessions/\(id)/refunds", body: ["lineID": lineID], headers: attendant)
            #expect(refused.status == .forbidden)
            let supervisor = try await client.staffHeaders(badge: "BADGE-S200", pin: "4321", role: "supervisor")
            let refund = try await client.json(.post, "/v1/staff/sessions/\(id)/refunds", body: ["lineID": lineID], headers: supervisor)
            #expect((refund.body["payment"] as? [String: Any])?["outcome"] as? String == "refunded")
            let charges = try #require(await daemon.simulatedTerminal?.chargeCount)
            let again = try await client.json(.post, "/v1/staff/sessions/\(id)/refunds", body: ["lineID": lineID], headers: supervisor)
            #expect(again.body["replayed"] as? Bool == true)
            #expect(await daemon.simulatedTerminal?.chargeCount == charges)
        }
    }

    @Test func webSocketStreamsTheSessionsBasketAndRefusesAWrongToken() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config) { _, client in
            let opened = try await client.json(.post, "/v1/sessions")
            let token = try #require(opened.body["token"] as? String)
            let id = try #require((opened.body["session"] as? [String: Any])?["id"] as? String)
            let port = try #require(client.port)
            let payload = try DemoCodes.ean(DemoCatalog.yogurt)
            // Subscribe, wait for the handshake, then scan once: the basket event must follow.
            let events = try await EventReplayTests.collect(
                port: port, query: "session=\(id)&token=\(token)",
                until: { $0.contains { $0["type"] as? String == "basket" } },
                whileConnected: {
                    _ = try await client.json(
                        .post, "/v1/sessions/\(id)/scans", body: ["payload": payload],
                        headers: SessionTripTests.sessionHeaders(token))
                })
            let event = try #require(events.first { $0["type"] as? String == "basket" })
            #expect(event["session"] as? String == id)
            #expect((event["data"] as? [String: Any])?["lines"] is [Any])
            await #expect(throws: (any Error).self) {
                try await WebSocketClient.connect(
                    url: "ws://127.0.0.1:\(port)/v1/events?session=\(id)&token=ss_wrong", logger: Logger(label: "ws")
                ) { _, _, _ in }
            }
        }
    }
}
