public import Foundation
public import SelfScanAPI
import SelfScanCore
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The console's HTTP link to one store-role daemon: staff login, reads, and the manager's actions.
/// Logs in again by itself when the daemon forgot the token (a daemon restart logs staff out).
public actor DaemonClient {
    /// The manager's staff credentials.
    public struct Credentials: Sendable, Hashable {
        public var badge: String
        public var pin: String
        public var role: String

        public init(badge: String, pin: String, role: String = "supervisor") {
            self.badge = badge
            self.pin = pin
            self.role = role
        }
    }

    public let baseURL: URL
    let credentials: Credentials?
    private let session: URLSession
    private var token: String?
    private var closed = false

    public init(url: String, credentials: Credentials?, timeout: TimeInterval = 3) throws(ConsoleError) {
        guard let base = URL(string: url), let scheme = base.scheme, ["http", "https"].contains(scheme), base.host != nil
        else { throw ConsoleError(.badURL, "'\(url)' is not an http(s) URL like http://127.0.0.1:8080") }
        baseURL = base
        self.credentials = credentials
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        session = URLSession(configuration: configuration)
    }

    /// Whether staff data (sessions, alerts) can be read.
    public var hasCredentials: Bool { credentials != nil }

    /// Cancels every request in flight; the client sends nothing after this (the console is quitting): a later
    /// request fails as `.unreachable` without reaching the network. The session is not invalidated: Foundation
    /// stops the process when a task is created on an invalidated session, and a poll cancelled at the wrong
    /// moment still asks for one (the console crashed on `q` that way).
    public func close() {
        closed = true
        session.getAllTasks { tasks in tasks.forEach { $0.cancel() } }
    }

    // MARK: - Reads

    func status() async throws(ConsoleError) -> DaemonResponses.Status {
        try await decode(DaemonResponses.Status.self, from: try await send("GET", "/v1/status", staff: false))
    }

    func sessions() async throws(ConsoleError) -> DaemonResponses.SessionList {
        try await decode(DaemonResponses.SessionList.self, from: try await send("GET", "/v1/sessions", staff: true))
    }

    func alerts() async throws(ConsoleError) -> DaemonResponses.AlertList {
        try await decode(DaemonResponses.AlertList.self, from: try await send("GET", "/v1/staff/alerts", staff: true))
    }

    func session(_ id: String) async throws(ConsoleError) -> DaemonResponses.SessionDetail {
        try await decode(DaemonResponses.SessionDetail.self, from: try await send("GET", "/v1/sessions/\(id)", staff: true))
    }

    /// `GET /v1/devices`, or `nil` from a daemon that does not have the route yet (404 without a session code).
    func devices() async throws(ConsoleError) -> DaemonResponses.DeviceList? {
        let data: Data
        do {
            data = try await send("GET", "/v1/devices", staff: true)
        } catch where error.daemonCode == "notFound" || error.daemonCode == "http404" {
            return nil
        }
        return try await decode(DaemonResponses.DeviceList.self, from: data)
    }

    /// The live event stream's WebSocket URL with the staff token (logging in first if needed), and
    /// `since=<last sequence seen>` so a daemon that keeps recent events replays what was missed.
    func eventStreamURL(since: Int?) async throws(ConsoleError) -> String {
        let current: String
        if let token { current = token } else { current = try await login() }
        guard var components = URLComponents(url: baseURL.appending(path: "/v1/events"), resolvingAgainstBaseURL: false)
        else { throw ConsoleError(.badURL, "cannot build the event stream URL from \(baseURL.absoluteString)") }
        components.scheme = components.scheme == "https" ? "wss" : "ws"
        components.queryItems = [URLQueryItem(name: "staff", value: current)] + (since.map { [URLQueryItem(name: "since", value: "\($0)")] } ?? [])
        guard let url = components.string else {
            throw ConsoleError(.badURL, "cannot build the event stream URL from \(baseURL.absoluteString)")
        }
        return url
    }

    /// `/metrics` text, for the gauges the daemon exports (outbox depth, catalog age).
    func metrics() async throws(ConsoleError) -> String {
        String(decoding: try await send("GET", "/metrics", staff: false), as: UTF8.self)
    }

    // MARK: - Actions

    /// Performs one manager action; returns a short line for the status bar.
    public func perform(_ action: ConsoleAction) async throws(ConsoleError) -> String {
        switch action {
        case .approveAge(let session):
            _ = try await send("POST", "/v1/staff/sessions/\(session)/approve-age", staff: true, body: #"{"approve":true}"#)
            return "approved age-restricted items of \(session.prefix(8))"
        case .startAudit(let session):
            _ = try await send("POST", "/v1/staff/sessions/\(session)/audit", staff: true, body: "{}")
            return "audit started on \(session.prefix(8))"
        case .acknowledge(let alert) where alert.hasPrefix("sync-"):
            throw ConsoleError(.unsupported, "sync alarms clear by themselves once the condition ends")
        case .acknowledge(let alert):
            _ = try await send("DELETE", "/v1/staff/alerts/\(alert)", staff: true)
            return "alert acknowledged"
        case .voidSession(let session, let reason):
            let body = try encodeJSON(["reason": reason.label, "category": reason.rawValue])
            let data = try await sendMaybeUnsupported(
                "POST", "/v1/staff/sessions/\(session)/void", "voiding a whole session", body: body)
            let view = try await decode(DaemonResponses.SessionDetail.self, from: data)
            return "session \(session.prefix(8)) voided (\(reason.label)): now \(view.state)"
        case .refreshCatalog:
            _ = try await sendMaybeUnsupported("POST", "/v1/sync/pull", "a forced catalog refresh")
            return "catalog refresh requested"
        }
    }

    private func sendMaybeUnsupported(
        _ method: String, _ path: String, _ what: String, body: Data = Data("{}".utf8)
    ) async throws(ConsoleError) -> Data {
        do {
            return try await send(method, path, staff: true, body: body)
        } catch let error where error.daemonCode == "noReferential" {
            throw ConsoleError(.unsupported, daemonCode: error.daemonCode, "no referential is configured: \(what) is impossible")
        } catch let error where error.daemonCode == "notFound" || error.daemonCode == "http404" {
            throw ConsoleError(.unsupported, "this daemon has no route for \(what) (\(method) \(path))")
        }
    }

    // MARK: - Transport

    private func login() async throws(ConsoleError) -> String {
        guard let credentials else {
            throw ConsoleError(.missingCredentials, "staff data needs the manager's badge and PIN (--badge, --pin)")
        }
        let body = try encodeJSON(["badge": credentials.badge, "pin": credentials.pin, "role": credentials.role])
        do {
            let data = try await raw("POST", "/v1/staff/login", token: nil, body: body)
            let login = try await decode(DaemonResponses.Login.self, from: data)
            token = login.token
            return login.token
        } catch where error.code == .refused && ["badCredentials", "roleNotGranted", "badRequest"].contains(error.daemonCode ?? "") {
            throw ConsoleError(.badCredentials, daemonCode: error.daemonCode, "staff login refused: \(error.message)")
        }
    }

    private func send(_ method: String, _ path: String, staff: Bool, body: String? = nil) async throws(ConsoleError) -> Data {
        try await send(method, path, staff: staff, body: body.map { Data($0.utf8) })
    }

    private func send(_ method: String, _ path: String, staff: Bool, body: Data?) async throws(ConsoleError) -> Data {
        guard staff else { return try await raw(method, path, token: nil, body: body) }
        let current: String
        if let token { current = token } else { current = try await login() }
        do {
            return try await raw(method, path, token: current, body: body)
        } catch where error.daemonCode == "invalidStaffToken" {
            token = nil
            return try await raw(method, path, token: try await login(), body: body)
        }
    }

    private func raw(_ method: String, _ path: String, token: String?, body: Data?) async throws(ConsoleError) -> Data {
        guard !closed else { throw ConsoleError(.unreachable, "the console is closing: \(method) \(path) not sent") }
        var request = URLRequest(url: baseURL.appending(path: path))
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw ConsoleError(.unreachable, "no daemon answers at \(baseURL.absoluteString): \(error.localizedDescription)")
        }
        guard let http = response as? HTTPURLResponse else {
            throw ConsoleError(.badResponse, "\(method) \(path): not an HTTP answer")
        }
        guard (200..<300).contains(http.statusCode) else {
            if let body = try? JSONDecoder().decode(DaemonResponses.ErrorBody.self, from: data) {
                throw ConsoleError(.refused, daemonCode: body.error.code, "\(body.error.message) (\(body.error.code))")
            }
            throw ConsoleError(.refused, daemonCode: "http\(http.statusCode)", "\(method) \(path): HTTP \(http.statusCode)")
        }
        return data
    }

    private func decode<T: Decodable>(_ type: T.Type, from data: Data) async throws(ConsoleError) -> T {
        do {
            return try DaemonResponses.decoder().decode(type, from: data)
        } catch {
            throw ConsoleError(.badResponse, "unexpected answer from the daemon (\(T.self)): \(error)")
        }
    }

    private func encodeJSON(_ fields: [String: String]) throws(ConsoleError) -> Data {
        do { return try JSONEncoder().encode(fields) } catch {
            throw ConsoleError(.badResponse, "cannot encode the request: \(error)")
        }
    }
}
