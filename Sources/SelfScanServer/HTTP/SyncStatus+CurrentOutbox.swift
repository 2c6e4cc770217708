import SelfScanAPI
import SelfScanStorage

extension SyncStatus {
    /// The engine's status with the outbox figures (depth, oldest unsent row, quarantined count and the alarms
    /// they raise) replaced by `outbox`, read now. The engine refreshes its own copy only when it runs a
    /// step: while it backs off, rows queued since would not be counted.
    func withCurrentOutbox(_ outbox: OutboxStatus) -> SyncStatus {
        var status = self
        status.outboxDepth = outbox.depth
        status.oldestUnsentAt = outbox.oldestUnsentAt
        status.outboxAlarmDepth = outbox.alarmDepth
        status.quarantined = outbox.quarantinedCount
        var alarms: [Alarm] = []
        if outbox.alarmDepth > 0, outbox.depth >= outbox.alarmDepth { alarms.append(.outboxOverCapacity) }
        if self.alarms.contains(.itemsRejected) { alarms.append(.itemsRejected) }
        if outbox.quarantinedCount > 0 { alarms.append(.itemsQuarantined) }
        if self.alarms.contains(.catalogStale) { alarms.append(.catalogStale) }
        status.alarms = alarms
        return status
    }
}

extension Daemon {
    /// The sync engine's status as `GET /v1/sync` and `/metrics` show it: its outbox figures read now.
    func currentSyncStatus() throws -> SyncStatus? {
        guard let sync else { return nil }
        guard let database else { return sync.status }
        return sync.status.withCurrentOutbox(try Outbox(database: database).status())
    }
}
