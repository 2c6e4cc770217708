public import Metrics
public import Prometheus

/// The daemon's metrics, through swift-metrics into its own Prometheus registry (served at `/metrics`).
/// One registry per daemon (not the process-global factory) so tests running several daemons stay apart.
public struct DaemonMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory

    /// Accepted scans (rate() gives scans/s).
    let scans: Metrics.Counter
    /// Payloads refused at interpretation (bad check digit, unknown restricted code, …).
    let decodeErrors: Metrics.Counter

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
            .seconds(2.5), .seconds(5),
        ]
        self.factory = factory
        scans = Metrics.Counter(label: "selfscan_scans_total", factory: factory)
        decodeErrors = Metrics.Counter(label: "selfscan_scan_errors_total", factory: factory)
    }

    /// A counter with dimensions (payments by outcome, refused scans by code).
    func counter(_ label: String, _ dimensions: [(String, String)]) -> Metrics.Counter {
        Metrics.Counter(label: label, dimensions: dimensions, factory: factory)
    }

    /// A gauge set at scrape time.
    func gauge(_ label: String, _ dimensions: [(String, String)] = []) -> Metrics.Gauge {
        Metrics.Gauge(label: label, dimensions: dimensions, factory: factory)
    }

    /// API latency per route (a Prometheus histogram in seconds).
    func requestTimer(route: String, method: String, status: Int) -> Metrics.Timer {
        Metrics.Timer(
            label: "selfscan_api_request_duration_seconds",
            dimensions: [("route", route), ("method", method), ("status", String(status))],
            preferredDisplayUnit: .seconds, factory: factory)
    }
}
