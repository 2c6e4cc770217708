import Dispatch
import Foundation
import SelfScanCore
import UnixSignals

/// The live console: the daemon's event stream says what changed, a refresher task re-reads it (and everything
/// every `refreshSeconds`, the safety net), an action task runs the manager's actions, and one UI thread owns
/// ncurses (keys, resizes, drawing). SIGINT, SIGTERM and SIGHUP stop it the same way
/// as `q`: the terminal is always given back with `endwin`.
public struct InteractiveConsole: Sendable {
    let poller: SnapshotPoller
    let refreshSeconds: Double
    let environment: [String: String]

    public init(poller: SnapshotPoller, refreshSeconds: Double, environment: [String: String]) {
        self.poller = poller
        self.refreshSeconds = refreshSeconds
        self.environment = environment
    }

    public func run() async throws(ConsoleError) {
        guard await poller.client.hasCredentials else {
            throw ConsoleError(.missingCredentials, "the console acts with the manager's staff credentials: give --badge and --pin")
        }
        let mailbox = ConsoleMailbox()
        // Bad credentials are fatal before the screen is taken; an absent daemon is not (it may come back).
        do {
            let first = try await poller.snapshot()
            mailbox.update {
                $0.snapshot = first
                $0.connection = .connected
            }
        } catch where error.code == .unreachable {
            mailbox.update { $0.connection = .disconnected(since: Self.nowMillis(), reason: Self.shortReason(error)) }
        }
        let signals = await Self.watchSignals(mailbox)
        let (actions, actionSink) = AsyncStream.makeStream(of: ConsoleAction.self)
        let polling = Task { await pollLoop(mailbox) }
        let acting = Task { await actionLoop(actions, mailbox) }
        let listening = Task {
            await EventStreamListener(client: poller.client).run { report in
                switch report {
                case .live(let live): mailbox.update { $0.eventsLive = live }
                case .refresh(let parts): mailbox.requestRefresh(parts)
                }
            }
        }
        let environment = self.environment
        let outcome = await DedicatedThread.run(name: "selfscan-console") {
            Self.uiLoop(mailbox: mailbox, actions: actionSink, environment: environment)
        }
        actionSink.finish()
        // Quitting: stop the tasks and cancel their requests, and let them end before the process does.
        // Exiting with a URLSession request in flight could deadlock in the Swift runtime at exit (a console
        // that cleared its screen on `q` and never exited: gdb showed URLSession resuming a continuation
        // under the task-status lock while the main thread was exiting).
        listening.cancel()
        polling.cancel()
        acting.cancel()
        signals.cancel()
        await poller.client.close()
        await Self.settle([listening, polling, acting], within: .seconds(2))
        try outcome.get()
    }

    /// Waits for `tasks` to end, at most `limit` (a task that ignores cancellation does not hold the exit).
    private static func settle(_ tasks: [Task<Void, Never>], within limit: Duration) async {
        let (ended, signal) = AsyncStream.makeStream(of: Void.self)
        Task {
            for task in tasks { await task.value }
            signal.yield()
        }
        let timer = Task {
            try? await Task.sleep(for: limit)
            signal.yield()
        }
        var first = ended.makeAsyncIterator()
        _ = await first.next()
        timer.cancel()
    }

    // MARK: - UI thread

    private static func uiLoop(
        mailbox: ConsoleMailbox, actions: AsyncStream<ConsoleAction>.Continuation, environment: [String: String]
    ) -> Result<Void, ConsoleError> {
        let screen: CursesScreen
        do { screen = try CursesScreen(environment: environment, keyTimeoutMilliseconds: 100) } catch {
            mailbox.update { $0.stop = true }
            return .failure(error)
        }
        defer { screen.close() }
        var state = ConsoleViewState()
        var drawnVersion = -1
        var drawnSize = (width: -1, height: -1)
        var dirty = true
        var lastSecond: Int64 = -1
        while true {
            let shared = mailbox.read()
            if shared.stop { break }
            if shared.version != drawnVersion {
                drawnVersion = shared.version
                state.connection = shared.connection
                state.eventsLive = shared.eventsLive
                if let message = shared.message {
                    state.message = message.text
                    state.messageIsError = message.isError
                }
                state.clamp(to: shared.snapshot)
                dirty = true
            }
            let now = nowMillis()
            let size = screen.size
            if dirty || size != drawnSize || now / 1000 != lastSecond {
                // The store's clock: the daemon's configured time zone (the console machine's only for older daemons).
                let offset = StoreTimeZone.utcOffsetSeconds(shared.snapshot?.daemon.timeZone, at: now)
                let layout = ConsoleLayout(width: size.width, height: size.height, utcOffsetSeconds: offset)
                screen.draw(layout.render(snapshot: shared.snapshot, state: state, now: now))
                drawnSize = size
                lastSecond = now / 1000
                dirty = false
            }
            guard let event = screen.nextKey() else { continue }
            switch event {
            case .resized:
                dirty = true
            case .interrupt:
                mailbox.update { $0.stop = true }
            case .key(let key):
                dirty = true
                switch ConsoleKeyMap.handle(key, state: &state, snapshot: shared.snapshot) {
                case .redraw: break
                case .quit: mailbox.update { $0.stop = true }
                case .perform(let action):
                    state.message = "… \(action.title)"
                    state.messageIsError = false
                    actions.yield(action)
                }
            }
        }
        return .success(())
    }

    // MARK: - Tasks

    /// Re-reads what the event stream (or an action) says changed, at once; everything every `refreshSeconds`.
    private func pollLoop(_ mailbox: ConsoleMailbox) async {
        let clock = ContinuousClock()
        var nextFull = clock.now.advanced(by: .milliseconds(Int64(refreshSeconds * 1000)))
        while !Task.isCancelled && !mailbox.read().stop {
            var parts = mailbox.takeRefresh()
            if clock.now >= nextFull {
                parts = .all
            }
            if parts.isEmpty {
                try? await Task.sleep(for: .milliseconds(50))
                continue
            }
            if parts == .all { nextFull = clock.now.advanced(by: .milliseconds(Int64(refreshSeconds * 1000))) }
            do {
                let snapshot = try await poller.snapshot(refreshing: parts)
                mailbox.update {
                    if case .disconnected = $0.connection { $0.message = ("reconnected", false) }
                    $0.snapshot = snapshot
                    $0.connection = .connected
                }
            } catch {
                let reason = Self.shortReason(error)
                mailbox.update {
                    if case .disconnected(let since, _) = $0.connection {
                        $0.connection = .disconnected(since: since, reason: reason)
                    } else {
                        $0.connection = .disconnected(since: Self.nowMillis(), reason: reason)
                    }
                }
            }
        }
    }

    private func actionLoop(_ actions: AsyncStream<ConsoleAction>, _ mailbox: ConsoleMailbox) async {
        for await action in actions {
            do {
                let done = try await poller.client.perform(action)
                mailbox.update { $0.message = (done, false) }
                mailbox.requestRefresh(.all)
            } catch {
                mailbox.update { $0.message = ("\(action.title) failed: \(error.message)", true) }
            }
        }
    }

    // MARK: - Signals and time

    /// SIGINT, SIGTERM, SIGHUP: stop the loop (which restores the terminal) instead of dying mid-screen.
    /// service-lifecycle's `UnixSignalsSequence` traps them (the one signal mechanism of the project).
    private static func watchSignals(_ mailbox: ConsoleMailbox) async -> Task<Void, Never> {
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm, .sighup)
        return Task {
            for await _ in signals { mailbox.update { $0.stop = true } }
        }
    }

    static func nowMillis() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    static func shortReason(_ error: ConsoleError) -> String {
        switch error.code {
        case .unreachable: "daemon unreachable"
        default: error.message
        }
    }
}
