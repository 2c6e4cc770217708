import Foundation
import HummingbirdWSClient
import Logging
public import SelfScanCore
import Synchronization

/// Holds the daemon's live event stream open (`GET /v1/events?staff=<token>`, WebSocket, maintained client:
/// HummingbirdWSClient) and says what to re-read on each event; reconnects with backoff when it drops.
/// The console keeps a slow poll besides (the safety net, and how "disconnected" is proven).
public struct EventStreamListener: Sendable {
    /// What the listener reports to the console.
    public enum Report: Sendable, Hashable {
        /// The stream is open (`true`) or down (`false`, the console then polls at once to learn why).
        case live(Bool)
        /// Re-read these parts of the snapshot.
        case refresh(SnapshotParts)
    }

    let client: DaemonClient
    /// Reconnection delays: doubling from the base to the maximum, then staying there.
    let backoff: BackoffPolicy

    public init(client: DaemonClient, backoff: BackoffPolicy = BackoffPolicy(base: .milliseconds(250), maximum: .seconds(5))) {
        self.client = client
        self.backoff = backoff
    }

    /// Runs until the task is cancelled.
    public func run(_ report: @escaping @Sendable (Report) -> Void) async {
        var logger = Logger(label: "selfscan.console.events")
        logger.logLevel = .critical  // the console owns the terminal: nothing may print on it
        var failures = 0
        let stream = StreamState()
        while !Task.isCancelled {
            stream.opened = false
            do {
                let url = try await client.eventStreamURL(since: stream.last)
                try await WebSocketClient.connect(url: url, logger: logger) { inbound, _, _ in
                    stream.opened = true
                    for try await message in inbound.messages(maxSize: 4 << 20) {
                        guard case .text(let text) = message else { continue }
                        if DaemonEventHeader.parse(text)?.type == "subscribed" {
                            // The daemon's handshake: from here on every event reaches us, so re-reading
                            // everything now (what happened while the stream was down is not known) misses nothing.
                            report(.live(true))
                            report(.refresh(.all))
                            continue
                        }
                        let parts = stream.refresh(for: text)
                        if !parts.isEmpty { report(.refresh(parts)) }
                    }
                }
            } catch {
                // A refused connection, a refused upgrade (a restarted daemon forgot the token: the poll that
                // follows logs in again) or a dropped stream: all end in the same retry.
            }
            report(.live(false))
            report(.refresh(.all))
            failures = stream.opened ? 0 : failures + 1
            try? await Task.sleep(for: backoff.ceiling(attempt: max(failures - 1, 0)))
        }
    }
}

/// The per-connection state shared with the WebSocket handler closure (which is `@Sendable`).
private final class StreamState: Sendable {
    private let state = Mutex((tracker: EventSequenceTracker(), opened: false))
    var last: Int? { state.withLock { $0.tracker.last } }
    var opened: Bool {
        get { state.withLock { $0.opened } }
        set { state.withLock { $0.opened = newValue } }
    }
    func refresh(for text: String) -> SnapshotParts { state.withLock { $0.tracker.refresh(for: text) } }
}
