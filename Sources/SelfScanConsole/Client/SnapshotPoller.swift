import Foundation
public import SelfScanAPI

/// Takes snapshots from the daemon: status, sessions, alerts, metrics, devices, and each open session's detail
/// (audit score, pending approvals), re-fetched only when the session changed. A refresh may re-read only some
/// parts (what a live event changed); the others keep their last answer.
public actor SnapshotPoller {
    public let client: DaemonClient
    private var details: [String: (updatedAt: Date, detail: DaemonResponses.SessionDetail)] = [:]
    /// At most this many session details per refresh (the rest keep their last detail or show "—").
    private let detailBudget = 40
    private var status: DaemonResponses.Status?
    private var metrics: String?
    private var sessions: [DaemonResponses.SessionList.Item]?
    private var alerts: [StaffAlert]?
    /// `nil` inside: the daemon has no `GET /v1/devices`.
    private var devices: [DeviceStatus]??

    public init(client: DaemonClient) {
        self.client = client
    }

    /// One snapshot, re-reading `parts` (and any part never read yet). Throws `unreachable` when the daemon
    /// does not answer, `badCredentials`/`missingCredentials` when staff data cannot be read.
    public func snapshot(refreshing requested: SnapshotParts = .all) async throws(ConsoleError) -> ConsoleSnapshot {
        var parts = requested
        if status == nil { parts.insert(.status) }
        if sessions == nil { parts.insert(.sessions) }
        if alerts == nil { parts.insert(.alerts) }
        if devices == nil { parts.insert(.devices) }
        if parts.contains(.status) {
            status = try await client.status()
            metrics = try? await client.metrics()
        }
        if parts.contains(.sessions) { try await refreshSessions() }
        if parts.contains(.alerts) { alerts = try await client.alerts().alerts }
        if parts.contains(.devices) { devices = .some(try await client.devices()?.devices) }
        guard let status else { throw ConsoleError(.badResponse, "no status read from the daemon") }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        return SnapshotAssembler(url: client.baseURL.absoluteString, now: now).assemble(
            status: status, sessions: sessions ?? [], alerts: alerts ?? [], details: details.mapValues(\.detail),
            metrics: metrics, devices: devices ?? nil)
    }

    private func refreshSessions() async throws(ConsoleError) {
        let list = try await client.sessions().sessions
        sessions = list
        var fetched = 0
        for item in list where fetched < detailBudget {
            if let cached = details[item.id], cached.updatedAt == item.updatedAt { continue }
            if SnapshotAssembler.closedStates.contains(item.state) && details[item.id] != nil { continue }
            fetched += 1
            if let detail = try? await client.session(item.id) { details[item.id] = (item.updatedAt, detail) }
        }
        let known = Set(list.map(\.id))
        details = details.filter { known.contains($0.key) }
    }

    /// The snapshot as pretty, key-sorted JSON (`selfscan console --once --json`).
    public static func json(_ snapshot: ConsoleSnapshot) throws(ConsoleError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return String(decoding: try encoder.encode(snapshot), as: UTF8.self) } catch {
            throw ConsoleError(.badResponse, "cannot encode the snapshot: \(error)")
        }
    }
}
