import Hummingbird
import SelfScanCore
import SelfScanStorage

/// `GET /metrics`: Prometheus text format. Gauges that describe state (sessions by state, outbox depth,
/// catalog age) are refreshed from their sources just before rendering.
struct MetricsEndpoint {
    let daemon: Daemon

    func render() async throws -> Response {
        daemon.metrics.gauge("selfscan_uptime_seconds").record(Double(daemon.now() - daemon.startedAt))
        daemon.metrics.gauge("selfscan_event_subscribers").record(Double(await daemon.events.subscriberCount))
        if let database = daemon.database {
            let outbox = try Outbox(database: database).status()
            daemon.metrics.gauge("selfscan_outbox_depth").record(Double(outbox.depth))
            if let state = try CatalogCache(database: database).state() {
                daemon.metrics.gauge("selfscan_catalog_age_seconds").record(state.age())
                daemon.metrics.gauge("selfscan_catalog_version").record(Double(state.version.rawValue))
            }
        }
        if let sessions = daemon.sessions {
            var counts: [String: Int] = [:]
            for state in SessionState.allCases { counts[state.rawValue] = 0 }
            for summary in try await sessions.summaries(limit: 100_000) { counts[summary.state, default: 0] += 1 }
            for (state, count) in counts {
                daemon.metrics.gauge("selfscan_sessions", [("state", state)]).record(Double(count))
            }
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        let bytes = daemon.metrics.registry.emitToBuffer()
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
