import SelfScanCore

/// The sessions kept in memory are a cache of the event log, bounded: a store daemon serving phones opens
/// thousands of sessions a day (and anyone on the store network can open more), and each stayed in memory until
/// the process ended (~1.3 KB for an empty one: 20,000 anonymous opens grew the daemon by 25 MB). Now
///  - a session that ended (`exited`, `abandoned`, `void`) is dropped once its last event is committed;
///  - beyond `cachedSessionLimit` sessions, the least recently used quarter is dropped.
/// A dropped session is read back from its event log by `load` (the replay a restart does, tested by the
/// durability suites) when it is needed again: a receipt, a refund, a late charge on a voided basket. A
/// session whose gate is held (a command between its load and its commit) is never dropped, so the commit
/// always finds the state it started from (`committed` moves the state gauges from it).
extension LiveSessions {
    /// Keeps `session` in memory (just loaded or committed) and applies the bound.
    func cache(_ session: BasketSession) {
        sessions[session.id] = session
        sessionUseTick &+= 1
        sessionLastUse[session.id] = sessionUseTick
        if sessions.count > cachedSessionLimit { dropLeastRecentlyUsed() }
    }

    /// After a commit: a session that ended leaves memory unless a command waits on it.
    func forgetIfEnded(_ session: BasketSession) {
        guard session.state.isTerminal, sessionGates[session.id]?.isEmpty != false else { return }
        // The committing command still holds the gate (it publishes the value it has); a later load of this
        // session rebuilds it from the log, where the commit just put its last event.
        sessions[session.id] = nil
        sessionLastUse[session.id] = nil
    }

    private func dropLeastRecentlyUsed() {
        let excess = sessions.count - cachedSessionLimit * 3 / 4
        guard excess > 0 else { return }
        let victims = sessionLastUse
            .filter { sessionGates[$0.key] == nil }
            .sorted { $0.value < $1.value }
            .prefix(excess)
        for (id, _) in victims {
            sessions[id] = nil
            sessionLastUse[id] = nil
        }
    }

    /// Sessions held in memory now (tests, `/metrics`).
    public var cachedSessionCount: Int { sessions.count }
}

extension LiveSessions {
    /// Sets the bound (tests; the default suits a store daemon serving a day of phones).
    func setCachedSessionLimit(_ limit: Int) { cachedSessionLimit = max(1, limit) }
}
