import SelfScanCore

/// `selfscan_sessions{state}`: how many sessions of this daemon are in each state. Seeded once at start from
/// storage, then moved on every committed transition, so a scrape reads no session.
struct SessionStateGauges: Sendable {
    let metrics: DaemonMetrics
    private(set) var counts: [String: Int] = [:]

    init(metrics: DaemonMetrics) { self.metrics = metrics }

    /// Sets every gauge from stored counts (every known state gets a value, 0 when none).
    mutating func seed(_ stored: [String: Int]) {
        counts = stored
        for state in SessionState.allCases where counts[state.rawValue] == nil { counts[state.rawValue] = 0 }
        for (state, count) in counts { record(state, count) }
    }

    /// A session moved from `previous` (`nil`: a new session) to `next`.
    mutating func transition(from previous: String?, to next: String) {
        guard previous != next else { return }
        if let previous {
            counts[previous, default: 0] = max(0, counts[previous, default: 0] - 1)
            record(previous, counts[previous, default: 0])
        }
        counts[next, default: 0] += 1
        record(next, counts[next, default: 0])
    }

    private func record(_ state: String, _ count: Int) {
        metrics.gauge("selfscan_sessions", [("state", state)]).record(Double(count))
    }
}
