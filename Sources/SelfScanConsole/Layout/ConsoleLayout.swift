/// Lays a snapshot and the view state out as exactly `height` lines of exactly `width` characters.
/// Pure: no terminal, no clock (the caller passes `now`). Works from 80×24 up and uses more room when
/// there is: wider tables (full session ids, devices column) and more rows.
public struct ConsoleLayout: Sendable {
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public let width: Int
    public let height: Int
    /// The store's offset from UTC in seconds (the clock shows the store's time), given by the caller.
    public let utcOffsetSeconds: Int

    public init(width: Int, height: Int, utcOffsetSeconds: Int = 0) {
        self.width = width
        self.height = height
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// `false` below 80×24: `render` then draws only a message asking for a bigger terminal.
    public var fits: Bool { width >= Self.minimumWidth && height >= Self.minimumHeight }

    public func render(snapshot: ConsoleSnapshot?, state: ConsoleViewState, now: Int64) -> [ScreenLine] {
        guard fits else { return tooSmall() }
        var top: [ScreenLine] = [header(snapshot, state, now)]
        top.append(syncLine(snapshot))
        top.append(totalsLine(snapshot))
        top.append(devicesLine(snapshot))
        let footer = [messageLine(state), helpLine(state)]
        // Rows left for the two tables: sessions (title + column header + rows), alerts (title + rows).
        let room = height - top.count - footer.count - 3
        let rows = Self.paneRows(
            room: room, alerts: snapshot?.alerts.count ?? 0,
            sessions: state.showsDevices ? snapshot?.devices.count ?? 0 : snapshot?.openSessions.count ?? 0)
        let alertRows = rows.alerts
        let sessionRows = rows.sessions
        var lines = top
        lines += state.showsDevices
            ? devicesTable(snapshot, state, rows: sessionRows) : sessionsTable(snapshot, state, rows: sessionRows)
        lines += alertsTable(snapshot, state, rows: alertRows)
        lines += footer
        return lines.prefix(height).map { $0.fitted(to: width) }
    }

    /// Rows for each table, by need and urgency first: alerts get every row they need but leave the
    /// sessions at least `min(3, sessions)` rows (one for the "(none)" line); the sessions get what they need
    /// of the rest; rows nobody needs go to the alerts (the pane that grows first).
    static func paneRows(room: Int, alerts: Int, sessions: Int) -> (alerts: Int, sessions: Int) {
        let sessionFloor = min(3, max(sessions, 1))
        let alertRows = max(1, min(max(alerts, 1), room - sessionFloor))
        let sessionRows = max(0, min(max(sessions, 1), room - alertRows))
        return (room - sessionRows, sessionRows)
    }

    // MARK: - Parts

    private func tooSmall() -> [ScreenLine] {
        let message = "Terminal too small: need \(Self.minimumWidth)x\(Self.minimumHeight), have \(width)x\(height)"
        let words = [message, "Enlarge the window or press q to quit."]
        var lines = Array(repeating: ScreenLine(), count: max(height, 0))
        for (offset, text) in words.enumerated() where offset < lines.count {
            // Wrap onto as many rows as the width allows.
            lines[offset] = ScreenLine([Segment(String(text.prefix(max(width, 0))), .warning)])
        }
        return lines.map { $0.fitted(to: max(width, 0)) }
    }

    private func header(_ snapshot: ConsoleSnapshot?, _ state: ConsoleViewState, _ now: Int64) -> ScreenLine {
        let link: Segment
        switch state.connection {
        case .connecting: link = Segment(" CONNECTING ", .warning)
        case .connected: link = Segment(" CONNECTED ", .good)
        case .disconnected(let since, _):
            link = Segment(" DISCONNECTED \(ConsoleFormat.duration((now - since) / 1000)) ", .alarm)
        }
        // LIVE: the event stream is open; POLL: updates come with the next poll only.
        let stream =
            state.connection == .connected
            ? (state.eventsLive ? Segment(" LIVE ", .good) : Segment(" POLL ", .warning)) : Segment("", .title)
        let clock = " " + Self.clock(now, utcOffsetSeconds: utcOffsetSeconds) + " "
        let space = width - link.text.count - clock.count - stream.text.count
        let left = Self.headerTitle(snapshot?.daemon, room: space - 1)
        return ScreenLine([
            Segment(ConsoleFormat.cell(" " + left, max(space, 0)), .title), Segment(clock, .title), stream, link,
        ])
    }

    private func syncLine(_ snapshot: ConsoleSnapshot?) -> ScreenLine {
        guard let sync = snapshot?.sync else { return ScreenLine([Segment(" SYNC  —", .dim)]) }
        let link: Segment =
            switch sync.online {
            case true: Segment("online", .good)
            case false: Segment("OFFLINE", .danger)
            case nil: Segment("link not reported", .dim)
            }
        var outbox = "outbox \(ConsoleFormat.number(sync.outboxDepth))"
        if sync.outboxOldestSeconds != nil { outbox += " (oldest \(ConsoleFormat.duration(sync.outboxOldestSeconds)))" }
        let catalog =
            "catalog v\(ConsoleFormat.number(sync.catalogVersion)) age \(ConsoleFormat.duration(sync.catalogAgeSeconds))"
        let stale = (sync.catalogAgeSeconds ?? 0) > 24 * 3600
        return ScreenLine([
            Segment(" SYNC  ", .heading), link, Segment(" · \(outbox) · "), Segment(catalog, stale ? .warning : .normal),
        ])
    }

    private func totalsLine(_ snapshot: ConsoleSnapshot?) -> ScreenLine {
        guard let totals = snapshot?.totals else { return ScreenLine([Segment(" TODAY —", .dim)]) }
        let sales = ConsoleFormat.money(totals.sales), average = ConsoleFormat.money(totals.averageBasket)
        let rate = totals.auditDifferencePercent
        if width < 100 {
            // Compact labels so that every figure fits in 80 columns.
            var audits = "audits \(totals.auditsDone)"
            if let rate { audits += " diff \(rate)%" }
            let text = "sess \(totals.sessions) paid \(totals.completed) · sales \(sales) · avg \(average) · \(audits)"
            return ScreenLine([Segment(" DAY ", .heading), Segment(text)])
        }
        var audits = "audits \(totals.auditsDone)"
        if let rate { audits += " (\(rate)% with differences)" }
        let text =
            "sessions \(totals.sessions) (\(totals.completed) paid) · sales \(sales) · avg basket \(average) · \(audits)"
        return ScreenLine([Segment(" TODAY ", .heading), Segment(text)])
    }

    /// Counts (online in green, offline in amber), then each fault in the alert colour, then the devices.
    private func devicesLine(_ snapshot: ConsoleSnapshot?) -> ScreenLine {
        guard let devices = snapshot?.devices, !devices.isEmpty else {
            return ScreenLine([Segment(" DEVICES ", .heading), Segment("—", .dim)])
        }
        let summary = DeviceSummary(devices)
        var segments = [Segment(" DEVICES ", .heading), Segment("\(summary.total): ")]
        segments.append(Segment("\(summary.online) online", summary.online > 0 ? .good : .normal))
        if summary.offline > 0 { segments += [Segment(" · "), Segment("\(summary.offline) OFFLINE", .warning)] }
        for device in devices {
            guard let fault = device.fault else { continue }
            segments += [Segment(" · "), Segment("FAULT \(ConsoleLabels.device(device, in: snapshot)): \(fault)", .danger)]
        }
        segments.append(Segment(" ·"))
        // Then each device by its label while they fit ("+N more" for the rest: the `d` view lists them all).
        var used = segments.reduce(0) { $0 + $1.text.count }
        let healthy = devices.filter { $0.fault == nil }
        for (index, device) in healthy.enumerated() {
            let (mark, style) = Self.mark(device.online)
            let label = " \(ConsoleLabels.device(device, in: snapshot))"
            let more = index == healthy.count - 1 ? 0 : " +\(healthy.count - index - 1) more".count
            if used + 1 + mark.count + label.count + more > width {
                segments.append(Segment(" +\(healthy.count - index) more", .dim))
                break
            }
            segments += [Segment(" "), Segment(mark, style), Segment(label)]
            used += 1 + mark.count + label.count
        }
        return ScreenLine(segments)
    }

    /// `●` online (green), `○` offline (amber), `·` not reported.
    static func mark(_ online: Bool?) -> (String, TextStyle) {
        switch online {
        case true: ("●", .good)
        case false: ("○", .warning)
        case nil: ("·", .dim)
        }
    }

    /// The devices view (`d`): one row per device with its link, last contact, last scan and fault.
    private func devicesTable(_ snapshot: ConsoleSnapshot?, _ state: ConsoleViewState, rows: Int) -> [ScreenLine] {
        let devices = snapshot?.devices ?? []
        let focus = state.focus == .devices
        let idWidth = width >= 120 ? 24 : 16
        let nameWidth = width >= 120 ? 20 : 0
        var lines = [
            ScreenLine([Segment(focus ? "▶ " : "  ", .heading), Segment("DEVICES (\(devices.count))  d = sessions", .heading)])
        ]
        func columns(_ id: String, _ name: String, _ kind: String, _ role: String, _ link: String, _ seen: String, _ scan: String) -> [String] {
            [
                "  " + ConsoleFormat.cell(id, idWidth) + " " + (nameWidth > 0 ? ConsoleFormat.cell(name, nameWidth) + " " : "")
                    + ConsoleFormat.cell(kind, 8) + " " + ConsoleFormat.cell(role, 9) + " ",
                ConsoleFormat.cell(link, 7), " " + ConsoleFormat.rightCell(seen, 6) + " " + ConsoleFormat.rightCell(scan, 6) + "  ",
            ]
        }
        lines.append(ScreenLine([Segment(columns("DEVICE", "NAME", "KIND", "ROLE", "LINK", "SEEN", "SCAN").joined() + "FAULT / SESSION", .dim)]))
        for index in window(count: devices.count, selected: state.selectedDevice, rows: rows) {
            let device = devices[index]
            let link = device.online.map { $0 ? "online" : "OFFLINE" } ?? "—"
            let label = ConsoleLabels.device(device, in: snapshot)
            let cells = columns(
                nameWidth > 0 ? device.id : label, nameWidth > 0 ? label : "", device.kind, device.role ?? "—", link,
                ConsoleFormat.duration(device.lastSeenSeconds), ConsoleFormat.duration(device.lastScanSeconds))
            var last = device.fault ?? device.sessionID.map { ConsoleFormat.shortID($0, full: false) } ?? ""
            if device.fault == nil, device.openSessions > 0 { last += (last.isEmpty ? "" : " ") + "(\(device.openSessions) open)" }
            if focus && index == state.selectedDevice {
                lines.append(ScreenLine([Segment(cells.joined() + last, .selected)]))
                continue
            }
            let rowStyle: TextStyle = device.fault != nil ? .danger : .normal
            lines.append(
                ScreenLine([
                    Segment(cells[0], rowStyle), Segment(cells[1], device.fault != nil ? .danger : Self.mark(device.online).1),
                    Segment(cells[2], rowStyle), Segment(last, rowStyle),
                ]))
        }
        if devices.isEmpty { lines.append(ScreenLine([Segment("  (no device reported)", .dim)])) }
        return pad(lines, to: rows + 2)
    }

    private func sessionsTable(_ snapshot: ConsoleSnapshot?, _ state: ConsoleViewState, rows: Int) -> [ScreenLine] {
        let sessions = snapshot?.openSessions ?? []
        let full = width >= 120
        let focus = state.focus == .sessions
        var lines = [
            ScreenLine([
                Segment(focus ? "▶ " : "  ", .heading), Segment("OPEN SESSIONS (\(sessions.count))", .heading),
                Segment("  d = devices", .dim),
            ])
        ]
        // By priority: what identifies a session and what staff act on stays; item count, age and score go first.
        let deviceWidth = Self.labelWidth(sessions.map { ConsoleLabels.device($0.device, in: snapshot) })
        let table = TableColumns(
            [
                .init("SESSION", priority: 0, width: full ? 36 : 8), .init("DEVICE", priority: 2, width: 10, maxWidth: deviceWidth),
                .init("STATE", priority: 0, width: 13), .init("ITEMS", priority: 3, width: 5, alignRight: true),
                .init("TOTAL", priority: 0, width: 11, maxWidth: 13, alignRight: true),
                .init("AGE", priority: 4, width: 5, alignRight: true), .init("IDLE", priority: 1, width: 5, alignRight: true),
                .init("AUDIT", priority: 5, width: 6, alignRight: true),
            ], width: width)
        lines.append(ScreenLine([Segment(table.header, .dim)]))
        let visible = window(count: sessions.count, selected: state.selectedSession, rows: rows)
        for index in visible {
            let row = sessions[index]
            let text = table.row([
                ConsoleFormat.shortID(row.id, full: full), ConsoleLabels.device(row.device, in: snapshot),
                ConsoleLabels.sessionState(row.state), "\(row.items)", ConsoleFormat.money(row.total),
                ConsoleFormat.duration(row.ageSeconds), ConsoleFormat.duration(row.idleSeconds),
                ConsoleFormat.percent(basisPoints: row.auditScoreBasisPoints),
            ])
            let style: TextStyle =
                focus && index == state.selectedSession
                ? .selected : (row.pendingApprovals > 0 || row.state == "auditRequired" ? .warning : .normal)
            lines.append(ScreenLine([Segment(text, style)]))
        }
        if sessions.isEmpty { lines.append(ScreenLine([Segment("  (no open session)", .dim)])) }
        return pad(lines, to: rows + 2)
    }

    private func alertsTable(_ snapshot: ConsoleSnapshot?, _ state: ConsoleViewState, rows: Int) -> [ScreenLine] {
        let alerts = snapshot?.alerts ?? []
        let focus = state.focus == .alerts
        var lines = [
            ScreenLine([Segment(focus ? "▶ " : "  ", .heading), Segment("ALERTS (\(alerts.count))", .heading)])
        ]
        let full = width >= 120
        // The kind, the waiting time and what to do never go; the session goes first, then the device shrinks.
        let deviceWidth = Self.labelWidth(alerts.map { ConsoleLabels.device($0.device, in: snapshot) })
        let table = TableColumns(
            [
                .init("KIND", priority: 0, width: ConsoleLabels.alertKindWidth),
                .init("SESSION", priority: 3, width: full ? 36 : 8), .init("DEVICE", priority: 1, width: 10, maxWidth: deviceWidth),
                .init("WAIT", priority: 0, width: 5, alignRight: true), .init("WHAT", priority: 0, width: 40, maxWidth: 400),
            ], width: width)
        let visible = window(count: alerts.count, selected: state.selectedAlert, rows: rows)
        for index in visible {
            let alert = alerts[index]
            let text = table.row([
                ConsoleLabels.alertKind(alert.kind), ConsoleFormat.shortID(alert.session, full: full),
                alert.device.isEmpty ? "" : ConsoleLabels.device(alert.device, in: snapshot),
                ConsoleFormat.duration(alert.ageSeconds), alert.message,
            ])
            let style: TextStyle =
                focus && index == state.selectedAlert ? .selected : (alert.kind == "ageApproval" ? .warning : .danger)
            lines.append(ScreenLine([Segment(text, style)]))
        }
        if alerts.isEmpty { lines.append(ScreenLine([Segment("  (no alert)", .dim)])) }
        return pad(lines, to: rows + 1)
    }

    private func messageLine(_ state: ConsoleViewState) -> ScreenLine {
        if let dialog = state.dialog {
            // A destructive question stands out: the alert colour across the whole line.
            return ScreenLine([Segment(ConsoleFormat.cell(" " + dialog.question(fitting: width - 1), width), .alarm)])
        }
        if case .disconnected(_, let reason) = state.connection {
            return ScreenLine([Segment(" disconnected: \(reason) — retrying; data shown is stale", .danger)])
        }
        guard let message = state.message else { return ScreenLine() }
        return ScreenLine([Segment(" " + message, state.messageIsError ? .warning : .good)])
    }

    /// The key help, or the open dialog's answers.
    private func helpLine(_ state: ConsoleViewState) -> ScreenLine {
        if let dialog = state.dialog { return ScreenLine([Segment(" " + dialog.choices, .warning)]) }
        return ScreenLine([Segment(ConsoleKeyMap.help, .dim)])
    }

    /// The indices to show so that `selected` stays visible in `rows` rows.
    private func window(count: Int, selected: Int, rows: Int) -> Range<Int> {
        guard count > rows, rows > 0 else { return 0..<min(count, max(rows, 0)) }
        let start = min(max(0, selected - rows + 1), count - rows)
        return start..<(start + rows)
    }

    private func pad(_ lines: [ScreenLine], to count: Int) -> [ScreenLine] {
        lines.count >= count ? Array(lines.prefix(count)) : lines + Array(repeating: ScreenLine(), count: count - lines.count)
    }

    /// `HH:MM:SS` in the store's time of a unix-millisecond instant (`…Z` when the offset is 0: UTC).
    static func clock(_ millis: Int64, utcOffsetSeconds: Int = 0) -> String {
        let local = millis / 1000 + Int64(utcOffsetSeconds)
        let seconds = ((local % 86_400) + 86_400) % 86_400
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(seconds / 3600)):\(two(seconds % 3600 / 60)):\(two(seconds % 60))" + (utcOffsetSeconds == 0 ? "Z" : "")
    }

    /// How wide a device column may grow: its longest label, 10…20.
    static func labelWidth(_ labels: [String]) -> Int { min(20, max(10, labels.map(\.count).max() ?? 0)) }

    /// The header's left part by priority: the store first; the device and role, the uptime and the program's
    /// name are dropped (in reverse order) when the room is short; the store id is ellipsized last.
    static func headerTitle(_ daemon: DaemonInfo?, room: Int) -> String {
        guard let daemon else { return "SelfScan console" }
        let store = "store \(daemon.store)", device = "\(daemon.device) (\(daemon.role))"
        let uptime = "up \(ConsoleFormat.duration(daemon.uptimeSeconds))"
        let candidates = [
            "SelfScan console — \(store) · \(device) · \(uptime)", "SelfScan — \(store) · \(device) · \(uptime)",
            "\(store) · \(device) · \(uptime)", "\(store) · \(device)", store,
        ]
        return candidates.first { $0.count <= room } ?? ConsoleFormat.cell(store, max(room, 0))
    }
}
