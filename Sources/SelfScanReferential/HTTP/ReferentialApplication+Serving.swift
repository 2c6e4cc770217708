public import Logging

extension ReferentialApplication {
    /// Serves `store` on a free loopback port while `body` runs with that port, then stops: the embedded
    /// referential of benchmarks and tests, started one way.
    public static func whileServing<T: Sendable>(
        store: any ReferentialStore, logger: Logger, metricsToken: String? = nil,
        _ body: @Sendable (_ port: Int) async throws -> T
    ) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = build(store: store, port: 0, logger: logger, metricsToken: metricsToken) { port in
            continuation.yield(port)
            continuation.finish()
        }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { continuation.finish() }  // a server that fails to start ends the wait below
                try await app.run()
            }
            defer { group.cancelAll() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                throw ReferentialError(.database, "the referential's HTTP server did not start")
            }
            return try await body(port)
        }
    }
}
