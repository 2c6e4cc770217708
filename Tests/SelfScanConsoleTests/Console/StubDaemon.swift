import SelfScanAPI
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// A stand-in daemon on loopback for the client's error paths: staff login plus the routes a test adds,
/// answering fixed JSON. The real daemon's contract is docs/api.md; the tmux tests run against the real one.
struct StubDaemon {
    /// What the stub received, for assertions.
    final class Received: Sendable {
        private let bodies = Mutex<[String: Data]>([:])
        func record(_ path: String, _ data: Data) { bodies.withLock { $0[path] = data } }
        func json(_ path: String) -> [String: String]? {
            bodies.withLock { $0[path] }.flatMap { try? JSONDecoder().decode([String: String].self, from: $0) }
        }
        func contains(_ path: String) -> Bool { bodies.withLock { $0[path] != nil } }
    }

    let router = Router()
    let received = Received()

    init() {
        router.post("v1/staff/login") { _, _ in
            Self.json(
                .created, #"{"token":"st_stub","staffID":"S1","name":"Manager","role":"supervisor","expiresAt":"2026-09-21T22:13:20Z"}"#)
        }
    }

    static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func error(_ status: HTTPResponse.Status, _ code: String, _ message: String) -> Response {
        json(status, #"{"error":{"code":"\#(code)","message":"\#(message)"}}"#)
    }

    /// Runs the stub on a free loopback port and calls `body` with its base URL.
    func run(_ body: @Sendable (String) async throws -> Void) async throws {
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await body("http://127.0.0.1:\(port)")
        }
    }
}
