import Foundation
import SelfScanAPI
import SelfScanCore

/// Builds a `ConsoleSnapshot` from the daemon's answers. Pure: the poller fetches, this decides.
struct SnapshotAssembler {
    /// Sessions in these states are over (or waiting only for the gate) and are not "open".
    static let closedStates: Set<SessionState> = [.paid, .exited, .abandoned, .void]

    let url: String
    /// Unix ms.
    let now: Int64

    func assemble(
        status: DaemonResponses.Status, sessions: [DaemonResponses.SessionList.Item],
        alerts: [StaffAlert], details: [String: DaemonResponses.SessionDetail], metrics: String?,
        devices reported: [DeviceStatus]? = nil
    ) -> ConsoleSnapshot {
        let nowSeconds = now / 1000
        func secondsSince(_ date: Date) -> Int64 { max(0, nowSeconds - Int64(date.timeIntervalSince1970)) }
        let open = sessions.filter { !Self.closedStates.contains($0.state) }
            .sorted { ($0.updatedAt, $0.id) > ($1.updatedAt, $1.id) }
        let rows = open.map { item in
            let detail = details[item.id]
            let waiting = Set(detail?.pendingApprovalLineIDs ?? [])
            let pendingItems = (detail?.lines ?? []).filter { waiting.contains($0.id) }.map {
                Self.itemLabel(name: $0.name, minimumAge: $0.minimumAge)
            }
            return SessionRow(
                id: item.id, device: item.device, state: item.state.rawValue, items: item.lineCount, total: item.total,
                ageSeconds: secondsSince(item.openedAt ?? item.updatedAt), idleSeconds: secondsSince(item.updatedAt),
                auditScoreBasisPoints: detail?.audit?.probabilityBasisPoints, auditRequired: detail?.audit?.required,
                pendingApprovals: detail?.pendingApprovalLineIDs.count ?? 0, pendingItems: pendingItems)
        }
        let devices = deviceRows(status: status, sessions: sessions, reported: reported)
        return ConsoleSnapshot(
            daemon: DaemonInfo(
                url: url, store: status.store, device: status.device, role: status.role, uptimeSeconds: status.uptimeSeconds,
                timeZone: status.timeZone),
            takenAt: now, devices: devices, openSessions: rows,
            // The contract's one urgency order (the daemon sorts the same way; older daemons listed oldest first).
            alerts: alerts.sorted(by: StaffAlert.urgentFirst).map {
                AlertRow(
                    id: $0.id, kind: $0.kind, session: $0.session ?? "", device: $0.device,
                    ageSeconds: max(0, (now - $0.at.unixMilliseconds) / 1000), message: Self.describe($0),
                    item: $0.item.map { Self.itemLabel(name: $0.name, minimumAge: $0.minimumAge) })
            } + syncAlarms(status), sync: sync(status: status, metrics: metrics),
            totals: totals(sessions, details: details, utcOffsetSeconds: StoreTimeZone.utcOffsetSeconds(status.timeZone, at: now)))
    }

    /// The text between `start` and `end` in `text`, if both are there.
    static func between(_ start: String, _ end: String, in text: String) -> String? {
        guard let from = text.range(of: start), let to = text.range(of: end, range: from.upperBound..<text.endIndex)
        else { return nil }
        return String(text[from.upperBound..<to.lowerBound])
    }

    /// `Bordeaux rouge (18+)`: a product as people read it.
    static func itemLabel(name: String, minimumAge: Int?) -> String {
        minimumAge.map { "\(name) (\($0)+)" } ?? name
    }

    /// What the manager reads: what to do first, then the item by name when the daemon names it (so a narrow
    /// screen shortens the name, never the instruction), else the daemon's message.
    static func describe(_ alert: StaffAlert) -> String {
        if alert.kind == "paymentUnknown", let what = Self.between("answer to a ", " was lost", in: alert.message) {
            // "the terminal's answer to a payment of 12.34 EUR was lost: check …" is cut at 80 columns before the
            // amount: the amount first, then what to do.
            return "\(what) lost: check the terminal"
        }
        guard let item = alert.item else { return alert.message }
        switch alert.kind {
        case "ageApproval": return "check the ID: \(itemLabel(name: item.name, minimumAge: item.minimumAge))"
        case "saleRefused": return "take it back, not for sale: \(item.name)"
        default: return "\(alert.message): \(item.name)"
        }
    }

    /// The devices the daemon reports (`GET /v1/devices`) with their open-session counts; without that route,
    /// the daemon itself (online: it answered) and the devices seen through its sessions (online unknown).
    func deviceRows(
        status: DaemonResponses.Status, sessions: [DaemonResponses.SessionList.Item],
        reported: [DeviceStatus]?
    ) -> [DeviceRow] {
        let nowSeconds = now / 1000
        func secondsSince(_ date: Date) -> Int64 { max(0, nowSeconds - Int64(date.timeIntervalSince1970)) }
        var openCount: [String: Int] = [:]
        for item in sessions where !Self.closedStates.contains(item.state) { openCount[item.device, default: 0] += 1 }
        if let reported {
            return reported.map { device in
                DeviceRow(
                    id: device.id, kind: device.kind.rawValue, role: device.role, name: device.name, online: device.online,
                    lastSeenSeconds: secondsSince(device.lastSeenAt), lastScanSeconds: device.lastScanAt.map(secondsSince),
                    fault: device.fault.flatMap { $0.isEmpty ? nil : $0 }, sessionID: device.sessionID,
                    openSessions: openCount[device.id] ?? 0)
            }.sorted(by: DeviceRow.displayOrder)
        }
        var devices = [DeviceRow(id: status.device, kind: "daemon", role: status.role, online: true, lastSeenSeconds: 0)]
        for item in sessions {
            let idle = secondsSince(item.updatedAt)
            if let index = devices.firstIndex(where: { $0.id == item.device }) {
                devices[index].lastSeenSeconds = min(devices[index].lastSeenSeconds ?? idle, idle)
            } else {
                devices.append(DeviceRow(id: item.device, kind: "sessions", online: nil, lastSeenSeconds: idle))
            }
        }
        for index in devices.indices { devices[index].openSessions = openCount[devices[index].id] ?? 0 }
        return devices
    }

    /// Sync from `/v1/status` (catalog, sync engine, outbox), completed by the `/metrics` gauges.
    func sync(status: DaemonResponses.Status, metrics: String?) -> SyncStatus {
        var sync = Self.sync(fromMetrics: metrics)
        if let catalog = status.catalog {
            sync.catalogVersion = catalog.version
            sync.catalogAgeSeconds = catalog.ageSeconds
        }
        if let depth = status.outboxDepth ?? status.sync?.outboxDepth { sync.outboxDepth = depth }
        if let engine = status.sync {
            sync.online = engine.connectivity == .online ? true : engine.connectivity == .unknown ? nil : false
            if let oldest = engine.oldestUnsentAt {
                sync.outboxOldestSeconds = max(0, now / 1000 - Int64(oldest.timeIntervalSince1970))
            }
        }
        return sync
    }

    /// The sync engine's alarms (outbox backlog, rejected items, stale catalog) as alerts for the manager.
    func syncAlarms(_ status: DaemonResponses.Status) -> [AlertRow] {
        (status.sync?.alarms ?? []).map { alarm in
            let message =
                switch alarm {
                case .outboxOverCapacity: "sync backlog: the outbox is over its alarm depth"
                case .itemsRejected: "the referential refused outbox items (they are kept)"
                case .catalogStale: "the catalog is stale: not refreshed for too long"
                case .itemsQuarantined:
                    "\(status.sync?.quarantined ?? 0) outbox item(s) quarantined: the referential can never take them"
                }
            return AlertRow(id: "sync-\(alarm.rawValue)", kind: "sync", session: "", device: status.device, ageSeconds: 0, message: message)
        }
    }

    /// Today's figures over the listed sessions, "today" in the store's time zone (`utcOffsetSeconds` now).
    func totals(
        _ sessions: [DaemonResponses.SessionList.Item], details: [String: DaemonResponses.SessionDetail],
        utcOffsetSeconds: Int = 0
    ) -> DayTotals {
        let offset = Int64(utcOffsetSeconds)
        let local = now / 1000 + offset
        let dayStart = (local - ((local % 86_400) + 86_400) % 86_400) - offset
        let today = sessions.filter { Int64($0.updatedAt.timeIntervalSince1970) >= dayStart }
        let completed = today.filter { $0.state == .paid || $0.state == .exited }
        var totals = DayTotals(sessions: today.count, completed: completed.count)
        if let currency = completed.compactMap(\.total).first?.currency {
            let amounts = completed.compactMap(\.total).filter { $0.currency == currency }
            if let sum = try? Money.sum(amounts, currency: currency) {
                totals.sales = sum
                totals.averageBasket = amounts.isEmpty ? nil : Money(minor: sum.minor / Int64(amounts.count), currency: currency)
            }
        }
        for item in today {
            guard let audit = details[item.id]?.audit, let passed = audit.passed else { continue }
            totals.auditsDone += 1
            if !passed || !audit.differences.isEmpty { totals.auditsWithDifferences += 1 }
        }
        return totals
    }

    /// Reads the sync gauges the daemon may export: `selfscan_outbox_depth`, `selfscan_outbox_oldest_seconds`,
    /// `selfscan_catalog_version`, `selfscan_catalog_age_seconds`, `selfscan_sync_online` (1/0).
    static func sync(fromMetrics text: String?) -> SyncStatus {
        guard let text else { return SyncStatus() }
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            guard parts.count >= 2, let value = Double(parts[1]) else { continue }
            let name = parts[0].split(separator: "{").first.map(String.init) ?? String(parts[0])
            values[name] = value
        }
        func int(_ name: String) -> Int64? { values[name].map { Int64($0) } }
        return SyncStatus(
            online: values["selfscan_sync_online"].map { $0 >= 1 }, outboxDepth: int("selfscan_outbox_depth").map { Int($0) },
            outboxOldestSeconds: int("selfscan_outbox_oldest_seconds"), catalogVersion: int("selfscan_catalog_version"),
            catalogAgeSeconds: int("selfscan_catalog_age_seconds"))
    }
}
