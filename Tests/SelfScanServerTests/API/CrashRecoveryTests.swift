import Foundation
import NIOHTTP1
import SelfScanDemo
import SelfScanCore
import SelfScanServer
import Testing

/// The real `selfscan serve` binary, killed with SIGKILL mid-trip and restarted on the same data dir:
/// every acknowledged scan is there.
@Suite("kill -9 of selfscan serve")
struct CrashRecoveryTests {
    func call(
        _ method: HTTPMethod, _ port: Int, _ path: String, body: [String: Any]? = nil, token: String? = nil
    ) async throws -> (Int, [String: Any]) {
        try await ServeChild.call(method, port, path, body: body, token: token)
    }

    @Test func sessionResumesWithEveryAcknowledgedScanAfterSIGKILL() async throws {
        let directory = try makeTemporaryDirectory("crash")
        let configPath = directory + "/selfscan.json"
        let config = """
            {"store":"FR-0042","device":"kiosk-crash","role":"kiosk","dataDir":"\(directory)/data",
             "listen":{"host":"127.0.0.1","port":0},"logLevel":"info","catalogSeed":"frenchHypermarketDemo"}
            """
        try Data(config.utf8).write(to: URL(fileURLWithPath: configPath))

        let payloads = [
            try DemoCodes.ean(DemoCatalog.yogurt), try DemoCodes.scaleLabel("21", DemoCatalog.tomatoes, value: 1500),
            try DemoCodes.ean(DemoCatalog.coffee), try DemoCodes.ean(DemoCatalog.sparklingWater),
            try DemoCodes.ean(DemoCatalog.baguette), try DemoCodes.ean(DemoCatalog.pasta),
        ]
        let first = try ServeChild(config: configPath)
        let (openStatus, opened) = try await call(.POST, first.port, "/v1/sessions", body: ["loyaltyCard": DemoCatalog.marieCard])
        #expect(openStatus == 201)
        let token = try #require(opened["token"] as? String)
        let id = try #require((opened["session"] as? [String: Any])?["id"] as? String)
        var acknowledgedTotal = 0
        for payload in payloads {
            let (status, answer) = try await call(.POST, first.port, "/v1/sessions/\(id)/scans", body: ["payload": payload], token: token)
            #expect(status == 200)
            acknowledgedTotal = try #require(
                (((answer["session"] as? [String: Any])?["totals"] as? [String: Any])?["total"] as? [String: Any])?["minor"] as? Int)
        }
        first.kill9()

        let second = try ServeChild(config: configPath)
        defer { second.terminate() }
        let (status, view) = try await call(.GET, second.port, "/v1/sessions/\(id)", token: token)
        #expect(status == 200)
        let lines = try #require(view["lines"] as? [[String: Any]])
        // Six scans, plus the water's deposit line.
        #expect(lines.filter { $0["kind"] as? String != "deposit" }.count == payloads.count)
        #expect(lines.contains { $0["kind"] as? String == "deposit" })
        #expect((((view["totals"] as? [String: Any])?["total"] as? [String: Any])?["minor"] as? Int) == acknowledgedTotal)
        #expect((view["customer"] as? [String: Any])?["identified"] as? Bool == true)
        // The session goes on where it stopped.
        let (again, _) = try await call(
            .POST, second.port, "/v1/sessions/\(id)/scans", body: ["payload": try DemoCodes.ean(DemoCatalog.milk)], token: token)
        #expect(again == 200)
        let (_, device) = try await call(.GET, second.port, "/v1/device")
        #expect((device["session"] as? [String: Any])?["id"] as? String == id)
    }
}
