import Foundation
import Hummingbird
import HummingbirdTesting
import SelfScanCore
import SelfScanServer
import Testing

@Suite("System, staff and gate API over loopback HTTP")
struct SystemAPITests {
    @Test func healthAndStatus() async throws {
        let config = testConfig(role: .kiosk, dataDirectory: try makeTemporaryDirectory())
        try await withLiveDaemon(config) { _, client in
            let (healthStatus, health) = try await client.json(.get, "/v1/health")
            #expect(healthStatus == .ok)
            #expect(health["status"] as? String == "ok")
            let (status, body) = try await client.json(.get, "/v1/status")
            #expect(status == .ok)
            #expect(body["store"] as? String == "FR-TEST-001")
            #expect(body["role"] as? String == "kiosk")
            let signing = try #require(body["signing"] as? [String: Any])
            #expect(signing["signingKeyID"] is String)
        }
    }

    @Test func unknownRouteIsJSON404() async throws {
        let config = testConfig(role: .kiosk, dataDirectory: try makeTemporaryDirectory())
        try await withLiveDaemon(config) { _, client in
            let (status, body) = try await client.json(.get, "/v1/nothing-here")
            #expect(status == .notFound)
            #expect(errorCode(body) == "notFound")
        }
    }

    @Test func staffLoginChecksBadgePinAndRole() async throws {
        let config = testConfig(role: .kiosk, dataDirectory: try makeTemporaryDirectory())
        try await withLiveDaemon(config) { _, client in
            let wrongPin = try await client.json(
                .post, "/v1/staff/login", body: ["badge": "BADGE-S100", "pin": "0000", "role": "attendant"])
            #expect(wrongPin.status == .unauthorized)
            #expect(errorCode(wrongPin.body) == "badCredentials")
            let tooHigh = try await client.json(
                .post, "/v1/staff/login", body: ["badge": "BADGE-S100", "pin": "1234", "role": "supervisor"])
            #expect(tooHigh.status == .forbidden)
            #expect(errorCode(tooHigh.body) == "roleNotGranted")
            let badBody = try await client.json(.post, "/v1/staff/login", body: ["badge": 12])
            #expect(badBody.status == .badRequest)
            #expect(errorCode(badBody.body) == "badRequest")

            let attendant = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
            let script = try await client.json(.get, "/v1/payment-terminal/script", headers: attendant)
            #expect(script.status == .forbidden)
            #expect(errorCode(script.body) == "staffRoleTooLow")
            let none = try await client.json(.get, "/v1/payment-terminal/script")
            #expect(none.status == .unauthorized)
            #expect(errorCode(none.body) == "missingStaffToken")
            var forged = HTTPFields()
            forged[.authorization] = "Bearer st_forged"
            let forgedAnswer = try await client.json(.get, "/v1/payment-terminal/script", headers: forged)
            #expect(forgedAnswer.status == .unauthorized)
            #expect(errorCode(forgedAnswer.body) == "invalidStaffToken")

            let supervisor = try await client.staffHeaders(badge: "BADGE-S200", pin: "4321", role: "supervisor")
            let set = try await client.json(
                .put, "/v1/payment-terminal/script", body: ["script": ["decline", "timeout"]], headers: supervisor)
            #expect(set.status == .ok)
            let get = try await client.json(.get, "/v1/payment-terminal/script", headers: supervisor)
            #expect(get.body["script"] as? [String] == ["decline", "timeout"])
        }
    }

    @Test func gateAcceptsAPassOnceAndRefusesForgedExpiredAndReplayed() async throws {
        let storeDir = try makeTemporaryDirectory("store")
        let store = try await Daemon.open(config: testConfig(role: .kiosk, dataDirectory: storeDir))
        let trusted = store.passes.keyring.publicKeys.map {
            DaemonConfig.TrustedKey(keyID: $0.keyID, publicKey: $0.publicKey)
        }
        var gateConfig = testConfig(role: .gate, dataDirectory: try makeTemporaryDirectory("gate"))
        gateConfig.signing.trustedKeys = trusted
        let clock = TestClock()
        let pass = SignedPass(
            kind: .exit, store: "FR-TEST-001", session: "S-9", total: Money(minor: 1_050, currency: .eur),
            issuedAt: clock.now, expiresAt: clock.now + 600, nonce: "nonce-1")
        let token = try store.passes.issue(pass)
        let expiring = try store.passes.issue(
            SignedPass(
                kind: .exit, store: "FR-TEST-001", session: "S-10", total: Money(minor: 1, currency: .eur),
                issuedAt: clock.now, expiresAt: clock.now + 60, nonce: "nonce-2"))

        try await withLiveDaemon(gateConfig, clock: clock) { _, client in
            let sessions = try await client.json(.get, "/v1/sessions")
            #expect(sessions.status == .notFound)
            let first = try await client.json(.post, "/v1/gate/passes", body: ["code": "selfscan:exit:\(token)"])
            #expect(first.status == .ok)
            #expect(first.body["open"] as? Bool == true)
            let replay = try await client.json(.post, "/v1/gate/passes", body: ["code": "selfscan:exit:\(token)"])
            #expect(replay.status == .conflict)
            #expect(errorCode(replay.body) == "passReplayed")

            let parts = token.split(separator: ".").map(String.init)
            let forgedToken = [parts[0], parts[1], String(parts[2].reversed())].joined(separator: ".")
            let forged = try await client.json(.post, "/v1/gate/passes", body: ["code": forgedToken])
            #expect(forged.status == .forbidden || forged.status == .badRequest)
            #expect(["passForged", "passMalformed"].contains(errorCode(forged.body)))

            clock.advance(by: 120)
            let expired = try await client.json(.post, "/v1/gate/passes", body: ["code": expiring])
            #expect(expired.status == .gone)
            #expect(errorCode(expired.body) == "passExpired")
            let garbage = try await client.json(.post, "/v1/gate/passes", body: ["code": "hello"])
            #expect(garbage.status == .badRequest)
        }
    }

    @Test func metricsEndpointServesPrometheusText() async throws {
        let config = testConfig(role: .kiosk, dataDirectory: try makeTemporaryDirectory())
        try await withLiveDaemon(config) { _, client in
            _ = try await client.json(.get, "/v1/health")
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("selfscan_api_request_duration_seconds"))
                #expect(text.contains("selfscan_uptime_seconds"))
            }
        }
    }
}
