import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import SelfScanAPI
import SelfScanReferential
import SelfScanCore
import SelfScanSync
import Testing

/// A referential application on a free loopback port for the duration of a test.
struct TestServer: Sendable {
    let port: Int
    let store: any ReferentialStore
    var baseURL: String { "http://127.0.0.1:\(port)" }
    /// The scrape token of `GET /v1/metrics` on test servers.
    static let metricsToken = "test-metrics-scrape-token-0123456789"

    /// Starts the application over `store`, runs `body`, stops the application.
    static func with<T: Sendable>(
        store: any ReferentialStore, metricsToken: String? = TestServer.metricsToken,
        _ body: @Sendable (TestServer) async throws -> T
    ) async throws -> T {
        var logger = Logger(label: "test.referential")
        logger.logLevel = .warning
        return try await ReferentialApplication.whileServing(store: store, logger: logger, metricsToken: metricsToken) { port in
            try await body(TestServer(port: port, store: store))
        }
    }

    /// A device token for `store` (creating the store when missing).
    func token(store id: String, device: String = "kiosk-1") async throws -> String {
        try await store.issueDeviceToken(store: StoreID(id), device: DeviceID(device), creatingStore: true)
    }

    func client(token: String, http: HTTPClient = .shared) -> ReferentialClient {
        ReferentialClient(baseURL: baseURL, token: token, http: http, timeout: .seconds(20))
    }

    /// A raw request (for malformed input tests): status and parsed error body when there is one.
    func raw(
        _ method: String, _ path: String, token: String?, body: Data? = nil, headers: [(String, String)] = []
    ) async throws -> (status: Int, error: ProtocolErrorBody?, body: Data) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .init(rawValue: method)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
        let data = Data(try await response.body.collect(upTo: 64 << 20).readableBytesView)
        let error = try? ProtocolJSON.decoder().decode(ProtocolErrorBody.self, from: data)
        return (Int(response.status.code), error, data)
    }
}
