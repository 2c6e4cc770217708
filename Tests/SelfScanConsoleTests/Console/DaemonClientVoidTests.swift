import SelfScanAPI
import Foundation
import Hummingbird
import SelfScanCore
import Testing

@testable import SelfScanConsole

@Suite("Voiding a session through the daemon client")
struct DaemonClientVoidTests {
    let credentials = DaemonClient.Credentials(badge: "selfscan:badge:S001", pin: "1234")
    // The clients below use a 30 s timeout, not the console's 3 s: these tests are about the answers, and the
    // whole suite running in parallel on two cores once made the in-process stub slower than 3 s (a
    // timeout read as "unreachable" failed the 404 case).

    /// A stub with the void route: `paid-…` answers 409, `gone-…` 404 sessionNotFound, others 200 with the view.
    func stub() -> StubDaemon {
        let stub = StubDaemon()
        let received = stub.received
        stub.router.post("v1/staff/sessions/{id}/void") { request, context in
            let id = try context.parameters.require("id")
            guard request.headers[.authorization] == "Bearer st_stub" else {
                return StubDaemon.error(.unauthorized, "missingStaffToken", "no staff token")
            }
            received.record(id, Data(buffer: try await request.body.collect(upTo: 4096)))
            if id.hasPrefix("paid") {
                return StubDaemon.error(.conflict, "illegalTransition", "voidSession is not allowed in state paid")
            }
            if id.hasPrefix("gone") { return StubDaemon.error(.notFound, "sessionNotFound", "no session \(id)") }
            return StubDaemon.json(.ok, try DaemonFixtures.text(DaemonFixtures.sessionView(id: id, state: "void")))
        }
        return stub
    }

    @Test("200: the reason's label and the core's category are sent; the answer's state is reported")
    func voided() async throws {
        let stub = stub()
        let received = stub.received
        try await stub.run { url in
            let client = try DaemonClient(url: url, credentials: credentials, timeout: 30)
            let done = try await client.perform(.voidSession(session: "abcdef12-3456", reason: .fraud))
            #expect(done == "session abcdef12 voided (suspected fraud): now void")
            #expect(received.json("abcdef12-3456") == ["reason": "suspected fraud", "category": "fraud"])
        }
    }

    @Test("409 and 404 become a refused error carrying the daemon's code and message", arguments: [
        ("paid-1", "illegalTransition", "voidSession is not allowed in state paid"),
        ("gone-1", "sessionNotFound", "no session gone-1"),
    ])
    func refused(session: String, code: String, message: String) async throws {
        let stub = stub()
        try await stub.run { url in
            let client = try DaemonClient(url: url, credentials: credentials, timeout: 30)
            let error = await #expect(throws: ConsoleError.self) {
                try await client.perform(.voidSession(session: session, reason: .technical))
            }
            #expect(error?.code == .refused)
            #expect(error?.daemonCode == code)
            #expect(error?.message == "\(message) (\(code))")
        }
    }

    @Test("a daemon without the route says so instead of pretending")
    func olderDaemon() async throws {
        try await StubDaemon().run { url in
            let client = try DaemonClient(url: url, credentials: credentials, timeout: 30)
            let error = await #expect(throws: ConsoleError.self) {
                try await client.perform(.voidSession(session: "abc", reason: .customerRequest))
            }
            #expect(error?.code == .unsupported)
        }
    }
}

@Suite("The daemon client after close")
struct DaemonClientCloseTests {
    @Test("a request after close fails as unreachable and sends nothing (it crashed the console on q)")
    func requestAfterClose() async throws {
        let stub = StubDaemon()
        let received = stub.received
        stub.router.get("v1/status") { _, _ in
            received.record("status", Data())
            return StubDaemon.json(.ok, "{}")
        }
        try await stub.run { url in
            let client = try DaemonClient(url: url, credentials: nil, timeout: 30)
            await client.close()
            let error = await #expect(throws: ConsoleError.self) { _ = try await client.status() }
            #expect(error?.code == .unreachable)
            #expect(!received.contains("status"))
            // The same client before close reaches the stub (the route above is real).
            let open = try DaemonClient(url: url, credentials: nil, timeout: 30)
            _ = try? await open.status()
            #expect(received.contains("status"))
        }
    }
}
