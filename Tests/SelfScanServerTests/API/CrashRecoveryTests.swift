import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SelfScanCore
import SelfScanServer
import Testing

/// The real `selfscan serve` binary, killed with SIGKILL mid-trip and restarted on the same data dir:
/// every acknowledged scan is there.
@Suite("kill -9 of selfscan serve")
struct CrashRecoveryTests {
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["SELFSCAN_BIN"] { return path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/selfscan").path
    }

    /// A started daemon and the port it listens on (read from its log line `url=http://127.0.0.1:PORT`).
    final class Child: @unchecked Sendable {  // Process is used from one test task only
        let process = Process()
        let port: Int

        init(config: String) throws {
            process.executableURL = URL(fileURLWithPath: CrashRecoveryTests.binary)
            process.arguments = ["serve", "--config", config]
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            var text = ""
            var found: Int?
            let deadline = Date().addingTimeInterval(30)
            while found == nil, Date() < deadline, process.isRunning {
                let chunk = errors.fileHandleForReading.availableData
                if chunk.isEmpty { continue }
                text += String(decoding: chunk, as: UTF8.self)
                if let range = text.range(of: "url=http://127.0.0.1:") {
                    let digits = text[range.upperBound...].prefix { $0.isNumber }
                    if text[range.upperBound...].dropFirst(digits.count).first != nil { found = Int(digits) }
                }
            }
            guard let found else { throw ChildError.noPort(text) }
            port = found
            // Keep draining stderr so the child never blocks on a full pipe.
            errors.fileHandleForReading.readabilityHandler = { handle in _ = handle.availableData }
        }

        func kill9() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        func terminate() {
            process.terminate()
            process.waitUntilExit()
        }
    }

    enum ChildError: Error { case noPort(String) }

    func call(
        _ method: HTTPMethod, _ port: Int, _ path: String, body: [String: Any]? = nil, token: String? = nil
    ) async throws -> (Int, [String: Any]) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let token { request.headers.add(name: "X-Session-Token", value: token) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        let json = (try? JSONSerialization.jsonObject(with: Data(buffer: bytes))) as? [String: Any] ?? [:]
        return (Int(response.status.code), json)
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
        let first = try Child(config: configPath)
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

        let second = try Child(config: configPath)
        defer { second.terminate() }
        let (status, view) = try await call(.GET, second.port, "/v1/sessions/\(id)", token: token)
        #expect(status == 200)
        let lines = try #require(view["lines"] as? [[String: Any]])
        // Six scans, plus the water's deposit line.
        #expect(lines.filter { $0["kind"] as? String != "deposit" }.count == payloads.count)
        #expect(lines.contains { $0["kind"] as? String == "deposit" })
        #expect((((view["totals"] as? [String: Any])?["total"] as? [String: Any])?["minor"] as? Int) == acknowledgedTotal)
        #expect((view["customer"] as? [String: Any])?["id"] as? String == "CLIENT-MARIE")
        // The session goes on where it stopped.
        let (again, _) = try await call(
            .POST, second.port, "/v1/sessions/\(id)/scans", body: ["payload": try DemoCodes.ean(DemoCatalog.milk)], token: token)
        #expect(again == 200)
        let (_, device) = try await call(.GET, second.port, "/v1/device")
        #expect((device["session"] as? [String: Any])?["id"] as? String == id)
    }
}
