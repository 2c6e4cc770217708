import Synchronization

/// What the poller and the action runner hand to the UI thread: the latest snapshot, the link state, the last
/// message, and the stop/poll-now requests. A `Mutex`, so every side may touch it from its own thread.
final class ConsoleMailbox: Sendable {
    struct Contents: Sendable {
        var snapshot: ConsoleSnapshot?
        var connection: ConsoleViewState.Connection = .connecting
        var message: (text: String, isError: Bool)?
        /// Bumped on every change, so the UI knows when to redraw.
        var version = 0
        var stop = false
        var pollNow = false
    }

    private let contents = Mutex(Contents())

    func read() -> Contents { contents.withLock { $0 } }

    func update(_ change: (inout Contents) -> Void) {
        contents.withLock {
            change(&$0)
            $0.version += 1
        }
    }

    /// Takes the poll-now request (true once per request).
    func takePollNow() -> Bool {
        contents.withLock {
            let value = $0.pollNow
            $0.pollNow = false
            return value
        }
    }
}
