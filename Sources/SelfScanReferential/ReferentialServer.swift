public import Logging
public import ServiceLifecycle
import Hummingbird

/// Configuration of a running referential.
public struct ReferentialServerConfiguration: Sendable {
    public var database: DatabaseLocation
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    /// Seconds between two suggestions publishes (`nil`: never on its own; `POST /v1/admin/suggestions/publish`).
    public var suggestionsIntervalSeconds: Int?
    /// The bearer token Prometheus scrapes `GET /v1/metrics` with (`nil`: the route answers 404).
    public var metricsToken: String?

    public init(
        database: DatabaseLocation, host: String = "127.0.0.1", port: Int = 8090, suggestionsIntervalSeconds: Int? = 300,
        metricsToken: String? = nil
    ) {
        self.database = database
        self.host = host
        self.port = port
        self.suggestionsIntervalSeconds = suggestionsIntervalSeconds
        self.metricsToken = metricsToken
    }
}

/// The central referential as one ServiceLifecycle `Service`: opens the database (running the PostgreSQL pool
/// when there is one), migrates, and serves HTTP until shut down. `selfscan demo` runs it in-process.
public struct ReferentialServer: Service {
    public let configuration: ReferentialServerConfiguration
    let logger: Logger
    let onServerRunning: @Sendable (Int) async -> Void

    /// - Parameter onServerRunning: called with the bound port once the server listens.
    public init(
        configuration: ReferentialServerConfiguration, logger: Logger = Logger(label: "selfscan.referential"),
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.onServerRunning = onServerRunning
    }

    public func run() async throws {
        try await ReferentialStores.withStore(configuration.database, logger: logger) { store in
            try await store.migrate()
            let app = ReferentialApplication.build(
                store: store, host: configuration.host, port: configuration.port, logger: logger,
                metricsToken: configuration.metricsToken, onServerRunning: onServerRunning)
            guard let interval = configuration.suggestionsIntervalSeconds, interval > 0 else {
                try await app.run()
                return
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await app.run() }
                group.addTask { await SuggestionRefresher(store: store, intervalSeconds: interval, logger: logger).run() }
                // The server returns on shutdown: the refresher is then cancelled.
                _ = try await group.next()
                group.cancelAll()
            }
        }
    }
}

/// Opens a store for a database location for the duration of a closure (running the PostgreSQL pool).
public enum ReferentialStores {
    public static func withStore<T: Sendable>(
        _ location: DatabaseLocation, logger: Logger, _ body: @Sendable (any ReferentialStore) async throws -> T
    ) async throws -> T {
        switch location {
        case .sqlite(let path):
            return try await body(try SQLReferentialStore.sqlite(path: path))
        case .postgres(let target):
            let backend = PostgresBackend(location: target, logger: logger)
            return try await backend.withRunningClient { try await body(SQLReferentialStore(backend: backend)) }
        }
    }
}

extension ReferentialServer {
    /// Runs the server in its own ServiceGroup until SIGTERM/SIGINT (for `selfscan referential serve`).
    public func runUntilSignalled() async throws {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: self)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
