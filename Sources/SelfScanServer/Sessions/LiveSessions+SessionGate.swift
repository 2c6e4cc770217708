import SelfScanCore

/// One scan or command at a time per session, in arrival order. The actor no longer serialises a session's
/// commands by itself: their SQLite write is group-committed off the actor (`commit`), and the actor serves
/// other sessions while it is fsynced. Every path that loads a session, changes it and commits it holds the
/// gate from the load to the commit (scans, commands, payment answers, exits); the gate is not re-entrant, so
/// a path holding it never calls another that takes it. The gate keeps one session's commands from interleaving
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

    /// Runs `body` holding the gate of `id`.
    func withGate<T>(_ id: SessionID, _ body: () async throws -> T) async throws -> T {
        await enterGate(id)
        defer { leaveGate(id) }
        return try await body()
    }
}
