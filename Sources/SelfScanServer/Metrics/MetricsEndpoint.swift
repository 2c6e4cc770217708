import Foundation
import Hummingbird
import SelfScanAPI
import SelfScanCore
import SelfScanStorage

/// `GET /metrics`: Prometheus text format. Cheap gauges (outbox depth, catalog age: one row each) are
/// refreshed just before rendering; sessions by state are kept current on each transition by `LiveSessions`
/// (`SessionStateGauges`), so a scrape reads no session.
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
        if let status = try daemon.currentSyncStatus() { SyncGauges(metrics: daemon.metrics).record(status, at: Date()) }
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        let bytes = daemon.metrics.registry.emitToBuffer()
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
