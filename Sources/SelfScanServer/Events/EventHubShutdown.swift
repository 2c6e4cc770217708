import ServiceLifecycle

/// Ends every event subscription when the daemon shuts down, so WebSocket clients are closed and the
/// server's graceful shutdown does not wait on them.
struct EventHubShutdown: Service {
    let events: EventHub

    func run() async throws {
        try? await gracefulShutdown()
        await events.finishAll()
    }
}
