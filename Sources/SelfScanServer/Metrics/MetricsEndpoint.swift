import Hummingbird

/// `GET /metrics`: Prometheus text format. Gauges that describe state (sessions by state, outbox depth,
/// catalog age) are refreshed from their sources just before rendering.
struct MetricsEndpoint {
    let daemon: Daemon

    func render() async throws -> Response {
        daemon.metrics.gauge("selfscan_uptime_seconds").record(Double(daemon.now() - daemon.startedAt))
        daemon.metrics.gauge("selfscan_event_subscribers").record(Double(await daemon.events.subscriberCount))
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        let bytes = daemon.metrics.registry.emitToBuffer()
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
