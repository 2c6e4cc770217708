import Foundation
import NIOHTTP1
import SelfScanDemo
import SelfScanCore
import SelfScanServer
import Testing

/// `selfscan serve` killed with SIGKILL in the middle of an audit: on restart the rescans counted so far and
/// the open staff alerts are still there, and the audit goes on.
@Suite("kill -9 mid-audit")
struct AuditCrashRecoveryTests {
    func call(
        _ method: HTTPMethod, _ port: Int, _ path: String, body: [String: Any]? = nil, token: String? = nil,
        staff: String? = nil
    ) async throws -> (Int, [String: Any]) {
        try await ServeChild.call(method, port, path, body: body, token: token, staff: staff)
    }

    func login(_ port: Int, role: String) async throws -> String {
        let (status, body) = try await call(
            .POST, port, "/v1/staff/login", body: ["badge": "BADGE-S200", "pin": "4321", "role": role])
        #expect(status == 201)
        return try #require(body["token"] as? String)
    }

    static func counted(_ body: [String: Any]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for item in body["counted"] as? [[String: Any]] ?? [] {
            if let product = item["productID"] as? String, let count = item["count"] as? Int { counts[product] = count }
        }
        return counts
    }

    @Test func rescansAndAlertsSurviveSIGKILLMidAudit() async throws {
        let directory = try makeTemporaryDirectory("audit-crash")
        let configPath = directory + "/selfscan.json"
        let pin = StaffAuthenticator.pinHash(staffID: "S200", pin: "4321")
        let config = """
            {"store":"FR-0042","device":"kiosk-audit","role":"kiosk","dataDir":"\(directory)/data",
             "listen":{"host":"127.0.0.1","port":0},"logLevel":"info","catalogSeed":"frenchHypermarketDemo",
             "staff":[{"id":"S200","name":"Bruno","badge":"BADGE-S200","pinSHA256":"\(pin)","roles":["supervisor"]}]}
            """
        try Data(config.utf8).write(to: URL(fileURLWithPath: configPath))

        let first = try ServeChild(config: configPath)
        let (_, opened) = try await call(.POST, first.port, "/v1/sessions")
        let token = try #require(opened["token"] as? String)
        let id = try #require((opened["session"] as? [String: Any])?["id"] as? String)
        // Three yogurts and a whisky (18+, always audited): approve, check out → audit required.
        for payload in [
            try DemoCodes.ean(DemoCatalog.yogurt), try DemoCodes.ean(DemoCatalog.yogurt),
            try DemoCodes.ean(DemoCatalog.yogurt), try DemoCodes.ean(DemoCatalog.whisky),
        ] {
            let (status, _) = try await call(.POST, first.port, "/v1/sessions/\(id)/scans", body: ["payload": payload], token: token)
            #expect(status == 200)
        }
        let staff = try await login(first.port, role: "supervisor")
        let (approved, _) = try await call(
            .POST, first.port, "/v1/staff/sessions/\(id)/approve-age", body: ["approve": true], staff: staff)
        #expect(approved == 200)
        let (_, checkout) = try await call(.POST, first.port, "/v1/sessions/\(id)/checkout", token: token)
        #expect(checkout["state"] as? String == "auditRequired")
        let (started, _) = try await call(.POST, first.port, "/v1/staff/sessions/\(id)/audit", staff: staff)
        #expect(started == 200)
        // The shopper calls for help (an open alert), the auditor finds the whisky and one yogurt.
        let (help, _) = try await call(.POST, first.port, "/v1/sessions/\(id)/help", token: token)
        #expect(help == 202)
        for payload in [try DemoCodes.ean(DemoCatalog.whisky), try DemoCodes.ean(DemoCatalog.yogurt)] {
            let (status, _) = try await call(
                .POST, first.port, "/v1/staff/sessions/\(id)/audit/scans", body: ["payload": payload], staff: staff)
            #expect(status == 200)
        }
        first.kill9()

        let second = try ServeChild(config: configPath)
        defer { second.terminate() }
        let again = try await login(second.port, role: "auditor")  // staff tokens do not survive a restart
        let (_, alerts) = try await call(.GET, second.port, "/v1/staff/alerts", staff: again)
        let open = try #require(alerts["alerts"] as? [[String: Any]])
        #expect(open.contains { $0["kind"] as? String == "help" && $0["session"] as? String == id }, "\(open)")

        // The next rescan continues the count where the killed daemon left it.
        let (status, progress) = try await call(
            .POST, second.port, "/v1/staff/sessions/\(id)/audit/scans",
            body: ["payload": try DemoCodes.ean(DemoCatalog.yogurt)], staff: again)
        #expect(status == 200, "\(progress)")
        let counts = Self.counted(progress)
        #expect(counts[DemoCatalog.yogurt.rawValue] == 2)
        #expect(counts[DemoCatalog.whisky.rawValue] == 1)
        // Reconciled with what was counted before and after the crash: one yogurt missing.
        let (_, validated) = try await call(.POST, second.port, "/v1/staff/sessions/\(id)/audit/validate", staff: again)
        #expect(validated["state"] as? String == "audited")
        let differences = try #require((validated["audit"] as? [String: Any])?["differences"] as? [String])
        #expect(differences.count == 1, "\(differences)")
    }
}
