import Synchronization

/// What the poller, the event listener and the action runner hand to the UI thread: the latest snapshot, the
/// link state, the last message, and the stop/refresh requests. A `Mutex`, so every side may touch it from its own thread.
final class ConsoleMailbox: Sendable {
    struct Contents: Sendable {
        var snapshot: ConsoleSnapshot?
        var connection: ConsoleViewState.Connection = .connecting
        var message: (text: String, isError: Bool)?
        /// Bumped on every change, so the UI knows when to redraw.
        var version = 0
        /// The live event stream is open.
        var eventsLive = false
        var stop = false
        /// Parts to re-read now (live events, actions), merged until the refresher takes them.
        var refresh: SnapshotParts = []
    }

    private let contents = Mutex(Contents())

    func read() -> Contents { contents.withLock { $0 } }

    func update(_ change: (inout Contents) -> Void) {
        contents.withLock {
            change(&$0)
            $0.version += 1
        }
    }

    /// Asks for these parts to be re-read (does not count as a change to draw).
    func requestRefresh(_ parts: SnapshotParts) {
        contents.withLock { $0.refresh.formUnion(parts) }
    }

    /// Takes the pending refresh request (empty when there is none).
    func takeRefresh() -> SnapshotParts {
        contents.withLock {
            let value = $0.refresh
            $0.refresh = []
            return value
        }
    }
}
