public import Hummingbird
public import HummingbirdWebSocket
import Logging
public import ServiceLifecycle
import SelfScanStorage

/// Builds the daemon's HTTP application from a config: what `selfscan serve` runs and tests reuse.
public func buildApplication(config: DaemonConfig) async throws -> some ApplicationProtocol {
    try buildApplication(daemon: try await Daemon.open(config: config))
}

/// Builds the HTTP application over an opened daemon (tests keep the `Daemon` to drive its parts).
/// `services` run in the same service group (scanner pump, sync engine, demo trip) and stop with it.
public func buildApplication(
    daemon: Daemon, services: [any Service] = [], onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in },
    onTLSRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    try buildApplication(
        daemon: daemon, services: services, onServerRunning: onServerRunning, onTLSRunning: onTLSRunning,
        cameraPipeline: nil)
}

/// `buildApplication(daemon:…)` with the camera frame pipeline given (tests freeze its clock).
func buildApplication(
    daemon: Daemon, services: [any Service] = [], onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in },
    onTLSRunning: @escaping @Sendable (Int) async -> Void = { _ in }, cameraPipeline: CameraFramePipeline?
) throws -> some ApplicationProtocol {
    let (router, webSocketRouter) = makeRouters(daemon: daemon, cameraPipeline: cameraPipeline)
    // HTTPS on the store network (listen.tls): a second listener over the same routers.
    let tlsListener: [any Service] = try daemon.config.listen.tls.map {
        [try TLSListener.make(daemon: daemon, tls: $0, router: router, webSocketRouter: webSocketRouter, onRunning: onTLSRunning)]
    } ?? []

    if !daemon.config.listen.isLoopback {
        daemon.logger.warning(
            "listening beyond loopback: the API is reachable from the network",
            metadata: ["host": "\(daemon.config.listen.host)"])
    }
    return Application(
        router: router,
        server: .http1WebSocketUpgrade(webSocketRouter: webSocketRouter),
        configuration: ApplicationConfiguration(
            address: .hostname(daemon.config.listen.host, port: daemon.config.listen.port),
            serverName: "selfscan"),
        services: [EventHubShutdown(events: daemon.events, logger: daemon.logger)]
            + (daemon.sync.map { [$0 as any Service] } ?? [])
            + (daemon.database.map {
                [RetentionService(pruner: RetentionPruner(database: $0, policy: daemon.config.retention),
                                  logger: daemon.logger) as any Service]
            } ?? [])
            + idleSessions(daemon) + tlsListener + services,
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? daemon.config.listen.port
            daemon.logger.info("API listening", metadata: ["url": "http://\(daemon.config.listen.host):\(port)"])
            await onServerRunning(port)
        },
        logger: daemon.logger
    )
}

/// The idle-session sweep (none when `sessionIdleMinutes` is 0 or the role keeps no sessions).
private func idleSessions(_ daemon: Daemon) -> [any Service] {
    guard let sessions = daemon.sessions, daemon.config.sessionIdleMinutes > 0 else { return [] }
    return [
        IdleSessionService(
            sessions: sessions, idleMinutes: daemon.config.sessionIdleMinutes, now: daemon.now, logger: daemon.logger)
    ]
}

/// The daemon's two routers (HTTP, WebSocket upgrade) with their middleware and every route of its role.
/// `cameraPipeline` replaces the camera frame pipeline (tests hold its decode thread).
func makeRouters(
    daemon: Daemon, cameraPipeline: CameraFramePipeline? = nil
) -> (http: Router<DaemonRequestContext>, webSocket: Router<DaemonRequestContext>) {
    let router = Router(context: DaemonRequestContext.self)
    router.middlewares.add(RequestMetricsMiddleware(metrics: daemon.metrics))
    router.middlewares.add(APIErrorMiddleware())
    let guardPolicy = BrowserGuardPolicy(listen: daemon.config.listen)
    router.middlewares.add(BrowserGuardMiddleware(policy: guardPolicy))
    let webSocketRouter = Router(context: DaemonRequestContext.self)
    webSocketRouter.middlewares.add(APIErrorMiddleware())
    webSocketRouter.middlewares.add(BrowserGuardMiddleware(policy: guardPolicy))

    DaemonRoutes(daemon: daemon, cameraPipeline: cameraPipeline).register(on: router)
    EventStreamRoutes(daemon: daemon).register(on: webSocketRouter)
    return (router, webSocketRouter)
}
