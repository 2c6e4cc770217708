import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SelfScanAPI
import SelfScanCore
@testable import SelfScanServer
import Synchronization
import Testing

/// A settable Unix clock for tests (expiry of passes and tokens).
final class TestClock: Sendable {
    private let seconds: Atomic<Int64>
    init(_ start: Int64 = 1_790_000_000) { seconds = Atomic(start) }
    var now: Int64 { seconds.load(ordering: .relaxed) }
    func advance(by delta: Int64) { seconds.add(delta, ordering: .relaxed) }

    /// This clock as the daemon's one clock (whole seconds).
    var session: any SessionClock { Seconds(clock: self) }

    struct Seconds: SessionClock {
        let clock: TestClock
        func now() -> Instant { Instant(unixSeconds: clock.now) }
    }
}

/// A unique temporary directory per test.
func makeTemporaryDirectory(_ name: String = "daemon") throws -> String {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("selfscan-\(name)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

enum TestStaff {
    static let attendant = DaemonConfig.StaffMember(
        id: "S100", name: "Alice", badge: "BADGE-S100",
        pinSHA256: StaffAuthenticator.pinHash(staffID: "S100", pin: "1234"), roles: [.attendant])
    static let supervisor = DaemonConfig.StaffMember(
        id: "S200", name: "Bruno", badge: "BADGE-S200",
        pinSHA256: StaffAuthenticator.pinHash(staffID: "S200", pin: "4321"), roles: [.supervisor])
}

/// A daemon config for tests: loopback, port 0, a fresh data dir, two staff members.
func testConfig(role: DeviceRole = .store, dataDirectory: String, script: [SimulatedOutcome] = []) -> DaemonConfig {
    DaemonConfig(
        store: "FR-TEST-001", device: "test-\(role.rawValue)", role: role,
        listen: .init(host: "127.0.0.1", port: 0), dataDirectory: dataDirectory, logLevel: .warning,
        staff: [TestStaff.attendant, TestStaff.supervisor],
        payment: .init(terminal: role == .gate ? .none : .simulated, script: script))
}

/// Opens a daemon and runs `body` against it over real HTTP on loopback.
func withLiveDaemon(
    _ config: DaemonConfig, clock: TestClock = TestClock(),
    cameraPipeline: (@Sendable (Daemon) -> CameraFramePipeline)? = nil,
    _ body: @Sendable (Daemon, any TestClientProtocol) async throws -> Void
) async throws {
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    let daemon = try await Daemon.open(config: config, logger: logger, clock: clock.session)
    let app = try buildApplication(daemon: daemon, cameraPipeline: cameraPipeline?(daemon))
    try await app.test(.live) { client in try await body(daemon, client) }
}

extension TestClientProtocol {
    /// Sends JSON, returns status and parsed JSON body.
    @discardableResult
    func json(
        _ method: HTTPRequest.Method, _ uri: String, body: [String: Any]? = nil, headers: HTTPFields = [:]
    ) async throws -> (status: HTTPResponse.Status, body: [String: Any]) {
        var buffer: ByteBuffer?
        var allHeaders = headers
        if let body {
            buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
            allHeaders[.contentType] = "application/json"
        }
        return try await execute(uri: uri, method: method, headers: allHeaders, body: buffer) { response in
            let data = Data(buffer: response.body)
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            return (response.status, object)
        }
    }

    /// Logs a test staff member in and returns the bearer header.
    func staffHeaders(badge: String, pin: String, role: String) async throws -> HTTPFields {
        let (status, body) = try await json(.post, "/v1/staff/login", body: ["badge": badge, "pin": pin, "role": role])
        #expect(status == .created)
        let token = try #require(body["token"] as? String)
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(token)"
        return headers
    }
}

/// The `error.code` of an error body.
func errorCode(_ body: [String: Any]) -> String? { (body["error"] as? [String: Any])?["code"] as? String }
