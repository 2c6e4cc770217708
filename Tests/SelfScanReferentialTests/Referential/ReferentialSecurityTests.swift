import AsyncHTTPClient
import Foundation
import NIOCore
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import SelfScanSync
import Testing

/// Issue 15 item 11, referential side: oversized bodies answered 500 on some routes; a device token could
/// not be revoked.
@Suite("Referential: body size and token revocation")
struct ReferentialSecurityTests {
    @Test("oversized bodies are a typed 413 on every write route, with or without a length", arguments: TestBackend.allCases)
    func oversizedBodiesAre413(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let token = try await server.token(store: "paris-11")
                let huge = Data(repeating: 0x20, count: ProtocolRoutes.maxBodyBytes + 10)
                for path in ["/v1/ingest", "/v1/reservations", "/v1/sessions/\(UUID().uuidString)/claims"] {
                    let answer = try await server.raw(
                        "POST", path, token: token, body: huge, headers: [("Content-Type", "application/json")])
                    #expect(answer.status == 413, "\(path): \(answer.status)")
                    #expect(answer.error?.error.code == .payloadTooLarge, "\(path)")
                    // Streamed (chunked, no Content-Length): the limit is met while reading.
                    var request = HTTPClientRequest(url: server.baseURL + path)
                    request.method = .POST
                    request.headers.add(name: "Authorization", value: "Bearer \(token)")
                    request.headers.add(name: "Content-Type", value: "application/json")
                    let chunks = stride(from: 0, to: huge.count, by: 65_536).map {
                        ByteBuffer(bytes: huge[$0..<min($0 + 65_536, huge.count)])
                    }
                    let stream = AsyncStream<ByteBuffer> { continuation in
                        for chunk in chunks { continuation.yield(chunk) }
                        continuation.finish()
                    }
                    request.body = .stream(stream, length: .unknown)
                    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
                    let data = Data(try await response.body.collect(upTo: 1 << 20).readableBytesView)
                    #expect(response.status.code == 413, "\(path) chunked: \(response.status.code)")
                    #expect(
                        (try? ProtocolJSON.decoder().decode(ProtocolErrorBody.self, from: data))?.error.code == .payloadTooLarge,
                        "\(path) chunked")
                }
            }
        }
    }

    @Test("a revoked device token is refused at once; other devices keep theirs", arguments: TestBackend.allCases)
    func revokedTokenIsRefused(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let lost = try await server.token(store: "paris-11", device: "kiosk-1")
                let lostAgain = try await server.token(store: "paris-11", device: "kiosk-1")
                let other = try await server.token(store: "paris-11", device: "kiosk-2")
                #expect(try await server.raw("GET", "/v1/catalog/version", token: lost).status == 200)
                #expect(try await store.revokeDeviceTokens(store: "paris-11", device: "kiosk-1") == 2)
                for token in [lost, lostAgain] {
                    let answer = try await server.raw("GET", "/v1/catalog/version", token: token)
                    #expect(answer.status == 401)
                    #expect(answer.error?.error.code == .unauthorized)
                }
                #expect(try await server.raw("GET", "/v1/catalog/version", token: other).status == 200)
                #expect(try await store.revokeDeviceTokens(store: "paris-11", device: "kiosk-1") == 0)
            }
        }
    }

    @Test("selfscan referential revoke-device: the admin operation")
    func adminRevokesADevice() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("selfscan-revoke-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let admin = ReferentialAdmin(location: try DatabaseLocation("sqlite:\(directory.path)/ref.sqlite"))
        _ = try await admin.createStore(id: "paris-11", name: "Paris 11", rule: .chargeScanPrice)
        _ = try await admin.issueToken(store: "paris-11", device: "kiosk-1")
        let lines = try await admin.revokeDevice(store: "paris-11", device: "kiosk-1")
        #expect(lines == ["revoked 1 token of device kiosk-1 at store paris-11"])
        await #expect(throws: ReferentialError.self) { try await admin.revokeDevice(store: "paris-11", device: "kiosk-1") }
    }
}
