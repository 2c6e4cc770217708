import Foundation
import SelfScanAPI

/// The sync engine's state as Prometheus gauges in the daemon's one registry, recorded at scrape time from
/// the engine's published status (the engine itself links no metrics backend).
struct SyncGauges {
    let metrics: DaemonMetrics

    func record(_ status: SyncStatus, at now: Date) {
        metrics.gauge("selfscan_sync_outbox_depth").record(status.outboxDepth)
        metrics.gauge("selfscan_sync_online").record(status.connectivity == .online ? 1 : 0)
        metrics.gauge("selfscan_sync_catalog_version").record(Int(status.catalogVersion?.rawValue ?? -1))
        metrics.gauge("selfscan_sync_delivered").record(status.delivered)
        metrics.gauge("selfscan_sync_rejected").record(status.rejected)
        metrics.gauge("selfscan_sync_quarantined").record(status.quarantined)
        metrics.gauge("selfscan_sync_consecutive_failures").record(status.consecutiveFailures)
        if let age = status.catalogAge(at: now) { metrics.gauge("selfscan_sync_catalog_age_seconds").record(age) }
        metrics.gauge("selfscan_sync_oldest_unsent_age_seconds").record(
            status.oldestUnsentAt.map { max(0, now.timeIntervalSince($0)) } ?? 0)
        for alarm in SyncStatus.Alarm.allCases {
            metrics.gauge("selfscan_sync_alarm", [("alarm", alarm.rawValue)]).record(status.alarms.contains(alarm) ? 1 : 0)
        }
    }
}
