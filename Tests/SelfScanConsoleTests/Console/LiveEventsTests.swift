import SelfScanAPI
import Foundation
import SelfScanCore
import Hummingbird
import HummingbirdTesting
import SelfScanServer
import Testing

@testable import SelfScanConsole

/// The console's event stream listener against the real daemon on loopback (real WebSocket).
@Suite("Live events from the real daemon")
struct LiveEventsTests {
    static let manager = DaemonConfig.StaffMember(
        id: "M1", name: "Manager", badge: "BADGE-M1", pinSHA256: StaffAuthenticator.pinHash(staffID: "M1", pin: "1234"),
        roles: [.supervisor])

    func withDaemon(_ body: @Sendable (_ url: String, _ http: any TestClientProtocol) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("selfscan-console-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = DaemonConfig(
            store: "FR-TEST-001", device: "store-test", role: .store, listen: .init(host: "127.0.0.1", port: 0),
            dataDirectory: directory, logLevel: .warning, staff: [Self.manager], catalogSeed: .frenchHypermarketDemo)
        let app = try buildApplication(daemon: try await Daemon.open(config: config))
        try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(try #require(client.port))", client)
        }
    }

    /// The first report matching `predicate`, or `nil` after `seconds` (bounded: never hangs the suite).
    func first(
        _ reports: AsyncStream<EventStreamListener.Report>, within seconds: Int,
        where predicate: @escaping @Sendable (EventStreamListener.Report) -> Bool
    ) async -> EventStreamListener.Report? {
        await withTimeout(.seconds(seconds)) { () async -> EventStreamListener.Report? in
            for await report in reports where predicate(report) { return report }
            return nil
        } ?? nil
    }

    @Test("a session opened on the daemon arrives as a sessions refresh; re-reading that part shows it")
    func newSession() async throws {
        try await withDaemon { url, http in
            let client = try DaemonClient(url: url, credentials: .init(badge: "BADGE-M1", pin: "1234"), timeout: 30)
            let poller = SnapshotPoller(client: client)
            #expect(try await poller.snapshot().openSessions.isEmpty)
            let (reports, sink) = AsyncStream.makeStream(of: EventStreamListener.Report.self)
            let listening = Task { await EventStreamListener(client: client).run { sink.yield($0) } }
            defer { listening.cancel() }
            #expect(await first(reports, within: 10) { $0 == .live(true) } != nil)

            // A body must say it is JSON (the daemon refuses undeclared bodies: 415).
            let opened = try await http.execute(
                uri: "/v1/sessions", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}")
            ) {
                $0.status
            }
            #expect(opened == .created)
            let report = await first(reports, within: 10) {
                if case .refresh(let parts) = $0 { return parts.contains(.sessions) && parts != .all }
                return false
            }
            guard case .refresh(let parts) = try #require(report) else { return }
            let snapshot = try await poller.snapshot(refreshing: parts)
            #expect(snapshot.openSessions.count == 1)
        }
    }

    @Test("the stream URL carries the staff token (logging in first) and the last sequence seen")
    func streamURL() async throws {
        try await withDaemon { url, _ in
            let client = try DaemonClient(url: url, credentials: .init(badge: "BADGE-M1", pin: "1234"), timeout: 30)
            let first = try await client.eventStreamURL(since: nil)
            #expect(first.hasPrefix(url.replacingOccurrences(of: "http:", with: "ws:") + "/v1/events?staff=st_"))
            #expect(!first.contains("since"))
            #expect(try await client.eventStreamURL(since: 42).hasSuffix("&since=42"))
        }
    }
}
