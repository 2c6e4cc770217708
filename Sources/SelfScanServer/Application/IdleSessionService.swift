import Logging
import ServiceLifecycle
import SelfScanCore

/// Abandons idle sessions (`LiveSessions.abandonIdleSessions`) every minute, and once at start (a daemon that
/// was stopped for the night finds yesterday's walked-away baskets).
struct IdleSessionService: Service {
    let sessions: LiveSessions
    let idleMinutes: Int64
    let now: @Sendable () -> Int64
    let logger: Logger
    var interval: Duration = .seconds(60)

    func run() async throws {
        guard idleMinutes > 0 else {
            // A service that returns would end the daemon: off, it waits for the shutdown.
            try await gracefulShutdown()
            return
        }
        while !Task.isCancelled {
            var abandoned = 0
            repeat {
                abandoned = await sessions.abandonIdleSessions(lastChangeBefore: now() - idleMinutes * 60)
            } while abandoned == 200 && !Task.isCancelled
            do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) } } catch { return }
        }
    }
}
