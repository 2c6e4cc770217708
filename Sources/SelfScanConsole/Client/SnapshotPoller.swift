import Foundation

/// Takes snapshots from the daemon: status, sessions, alerts, metrics, and each open session's detail
/// (audit score, pending approvals), re-fetched only when the session changed.
public actor SnapshotPoller {
    public let client: DaemonClient
    private var details: [String: (updatedAt: Date, detail: DaemonResponses.SessionDetail)] = [:]
    /// At most this many session details per poll (the rest keep their last detail or show "—").
    private let detailBudget = 40

    public init(client: DaemonClient) {
        self.client = client
    }

    /// One full snapshot. Throws `unreachable` when the daemon does not answer, `badCredentials`/`missingCredentials`
    /// when staff data cannot be read.
    public func snapshot() async throws(ConsoleError) -> ConsoleSnapshot {
        let status = try await client.status()
        let sessions = try await client.sessions().sessions
        let alerts = try await client.alerts().alerts
        let metrics = try? await client.metrics()
        let devices = try await client.devices()?.devices
        var fetched = 0
        for item in sessions where fetched < detailBudget {
            if let cached = details[item.id], cached.updatedAt == item.updatedAt { continue }
            if SnapshotAssembler.closedStates.contains(item.state) && details[item.id] != nil { continue }
            fetched += 1
            if let detail = try? await client.session(item.id) { details[item.id] = (item.updatedAt, detail) }
        }
        let known = Set(sessions.map(\.id))
        details = details.filter { known.contains($0.key) }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        return SnapshotAssembler(url: client.baseURL.absoluteString, now: now).assemble(
            status: status, sessions: sessions, alerts: alerts, details: details.mapValues(\.detail), metrics: metrics,
            devices: devices)
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
