import SelfScanCore

/// One scan or command at a time per session, in arrival order. The actor no longer serialises a session's
/// commands by itself: their SQLite write is group-committed off the actor (`commitGroupCommitted`), and the
/// actor serves other sessions while it is fsynced. The gate keeps one session's commands from interleaving
/// (a second scan loads the session only after the first is committed, kept and published).
extension LiveSessions {
    /// Waits until no other gated command runs on `id`, then holds the gate (release it with `leaveGate`).
    func enterGate(_ id: SessionID) async {
        guard sessionGates[id] != nil else {
            sessionGates[id] = []
            return
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            sessionGates[id, default: []].append(continuation)
        }
        // Resumed by `leaveGate`, which handed the gate over: it is ours.
    }

    /// Hands the gate to the next waiting command, or frees it.
    func leaveGate(_ id: SessionID) {
        guard var waiting = sessionGates[id] else { return }
        guard !waiting.isEmpty else {
            sessionGates[id] = nil
            return
        }
        let next = waiting.removeFirst()
        sessionGates[id] = waiting
        next.resume()
    }
}
