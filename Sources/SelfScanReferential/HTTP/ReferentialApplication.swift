public import Hummingbird
public import Logging

/// Builds the referential's HTTP application over a store. `selfscan referential serve`, `selfscan demo` and the
/// tests all build it here.
public enum ReferentialApplication {
    /// The router with error mapping, bearer-token authentication and the `/v1` routes.
    /// Each router is one node: it has its own device-token cache (`tokenCacheTTL`, docs/scaling.md).
    /// `metricsToken`: the scrape credential of `GET /v1/metrics` (`nil`: the route answers 404 `notFound`).
    public static func router(
        store: any ReferentialStore, snapshotPageSize: Int = 1000, tokenCacheTTL: Duration = .seconds(60),
        metricsToken: String? = nil
    ) -> Router<ReferentialRequestContext> {
        let router = Router(context: ReferentialRequestContext.self)
        router.middlewares.add(APIErrorMiddleware())
        router.middlewares.add(
            BearerTokenMiddleware(
                store: store, cache: DeviceTokenCache(ttl: tokenCacheTTL), metrics: MetricsScrapeCredential(metricsToken)))
        ReferentialRoutes(store: store, snapshotPageSize: snapshotPageSize).register(on: router)
        return router
    }

    /// A ready-to-run application on `host:port` (port 0 picks a free port, reported to `onServerRunning`).
    public static func build(
        store: any ReferentialStore, host: String = "127.0.0.1", port: Int = 0, logger: Logger,
        metricsToken: String? = nil, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(store: store, metricsToken: metricsToken),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "selfscan-referential"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}
