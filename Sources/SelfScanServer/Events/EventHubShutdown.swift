import Logging
import ServiceLifecycle

/// Ends every event subscription when the daemon shuts down, so WebSocket clients are closed and the
/// server's graceful shutdown does not wait on them.
struct EventHubShutdown: Service {
    let events: EventHub
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        logger.info("shutting down: closing event streams, finishing in-flight requests")
        await events.finishAll()
    }
}
