import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SelfScanCore
import SelfScanReferential
import SelfScanServer
import Testing

/// One store for hand-off tests: an embedded referential (SQLite, loopback, port 0), one shared signing key
/// directory (the store's keyring), and daemons configured to sync with that referential.
struct HandoffWorld: Sendable {
    static let store = "FR-TEST-001"
    let referential: any ReferentialStore
    let referentialURL: String
    let keysDirectory: String

    /// Starts the referential, runs `body`, stops it.
    static func with(_ body: @Sendable (HandoffWorld) async throws -> Void) async throws {
        let directory = try makeTemporaryDirectory("handoff")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLReferentialStore.sqlite(path: "\(directory)/referential.sqlite")
        try await store.migrate()
        try await store.createStore(StoreRecord(id: StoreID(Self.store), name: "Test", priceConflictRule: .chargeScanPrice))
        var logger = Logger(label: "test.referential")
        logger.logLevel = .critical
        try await ReferentialApplication.whileServing(store: store, logger: logger) { port in
            let keys = "\(directory)/store-keys"
            try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
            try await body(HandoffWorld(referential: store, referentialURL: "http://127.0.0.1:\(port)", keysDirectory: keys))
        }
    }

    /// A device token issued by the referential.
    func token(device: String) async throws -> String {
        try await referential.issueDeviceToken(store: StoreID(Self.store), device: DeviceID(device))
    }

    /// A daemon of this store: demo catalog, the store's keys, syncing to the referential (or to `url`, or
    /// offline when `online` is false).
    func config(device: String, role: DeviceRole, url: String? = nil, online: Bool = true) async throws -> DaemonConfig {
        var config = testConfig(role: role, dataDirectory: try makeTemporaryDirectory(device))
        config.device = device
        config.catalogSeed = .frenchHypermarketDemo
        config.auditRiskLevel = "low"
        config.signing.keysDirectory = keysDirectory
        if online { config.referential = .init(url: url ?? referentialURL, token: try await token(device: device)) }
        return config
    }
}

/// A shopper's session on one daemon, driven over HTTP.
struct ShopperSession {
    let client: any TestClientProtocol
    let id: String
    let headers: HTTPFields

    @discardableResult
    func scan(_ payload: String) async throws -> [String: Any] {
        let answer = try await client.json(.post, "/v1/sessions/\(id)/scans", body: ["payload": payload], headers: headers)
        #expect(answer.status == .ok, "scan \(payload): \(answer.body)")
        return try #require(answer.body["session"] as? [String: Any])
    }

    func view() async throws -> (status: HTTPResponse.Status, body: [String: Any]) {
        try await client.json(.get, "/v1/sessions/\(id)", headers: headers)
    }

    /// Checkout (with the audit when the policy asks for one, rescanning `products`), then pays in full.
    func checkoutAndPay(products: [ProductID]) async throws -> [String: Any] {
        var checkout = try await client.json(.post, "/v1/sessions/\(id)/checkout", headers: headers)
        if checkout.body["state"] as? String == "auditRequired" {
            let auditor = try await client.staffHeaders(badge: "BADGE-S200", pin: "4321", role: "auditor")
            _ = try await client.json(.post, "/v1/staff/sessions/\(id)/audit", headers: auditor)
            for product in products {
                _ = try await client.json(
                    .post, "/v1/staff/sessions/\(id)/audit/scans", body: ["payload": try DemoCodes.ean(product)],
                    headers: auditor)
            }
            checkout = try await client.json(.post, "/v1/staff/sessions/\(id)/audit/validate", headers: auditor)
        }
        #expect(checkout.body["state"] as? String == "readyToPay", "\(checkout.body)")
        let paid = try await client.json(.post, "/v1/sessions/\(id)/payment", body: ["paymentID": "PAY-\(id)"], headers: headers)
        return try #require(paid.body["session"] as? [String: Any], "\(paid.body)")
    }
}

extension TestClientProtocol {
    /// Opens a session and scans `products`.
    func shopper(scanning products: [ProductID]) async throws -> ShopperSession {
        let opened = try await json(.post, "/v1/sessions")
        let token = try #require(opened.body["token"] as? String)
        let id = try #require((opened.body["session"] as? [String: Any])?["id"] as? String)
        let session = ShopperSession(client: self, id: id, headers: SessionTripTests.sessionHeaders(token))
        for product in products { try await session.scan(try DemoCodes.ean(product)) }
        return session
    }

    /// Suspends for hand-off; returns the QR code text.
    func suspendForHandoff(_ session: ShopperSession) async throws -> String {
        let suspended = try await json(.post, "/v1/sessions/\(session.id)/suspend", headers: session.headers)
        #expect((suspended.body["session"] as? [String: Any])?["state"] as? String == "suspended")
        return try #require((suspended.body["handoff"] as? [String: Any])?["code"] as? String)
    }

    /// `POST /v1/sessions/resume` with the scanned code text.
    func resume(code: String) async throws -> (status: HTTPResponse.Status, body: [String: Any]) {
        try await json(.post, "/v1/sessions/resume", body: ["code": code])
    }
}

/// Pushes a daemon's outbox until nothing is due (bounded).
func drainOutbox(_ daemon: Daemon) async throws {
    let engine = try #require(daemon.sync)
    for _ in 0..<20 {
        if case .idle = await engine.pushOnce() { return }
    }
    Issue.record("outbox still not drained after 20 pushes")
}
