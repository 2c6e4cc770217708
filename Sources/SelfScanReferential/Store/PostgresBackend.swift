import Foundation
public import Logging
public import PostgresNIO

/// The production backend: PostgreSQL through postgres-nio's pooled `PostgresClient`.
///
/// The client must be running (`client.run()`, or the client in a ServiceGroup) while the backend is used;
/// `withRunningClient` does that for one-shot admin commands and tests.
public struct PostgresBackend: SQLBackend {
    /// The connection pool; a ServiceLifecycle `Service`.
    public let client: PostgresClient
    let schema: String?
    let logger: Logger

    public init(location: PostgresLocation, logger: Logger) {
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database, tls: .disable)
        // Plans made per execution, with the parameters and the tables' current statistics. A pooled connection
        // lives for days and prepares the ingest's statements once; with PostgreSQL's default plan cache a replay
        // of already-stored baskets ran at 721 baskets/s (the stored-items lookup, `id = ANY($n)` over the
        // device's rows, 60–190 ms per request at 18,000 rows), 2,085 baskets/s planned per execution. Planning
        // costs a fraction of a millisecond per statement, a handful of statements per request.
        configuration.options.additionalStartupParameters = [("plan_cache_mode", "force_custom_plan")]
        if let schema = location.schema {
            configuration.options.additionalStartupParameters.append(("search_path", schema))
        }
        configuration.options.maximumConnections = location.connections
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.schema = location.schema
        self.logger = logger
    }

    /// Runs the pool for the duration of `body`, then stops it.
    public func withRunningClient<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    /// Plain VACUUM of the tables an erasure touches: dead row versions become reusable space (not
    /// zeroed, not returned to the OS; `VACUUM FULL` would rewrite the tables under an exclusive lock —
    /// docs/privacy.md).
    public func reclaimDeletedSpace() async throws {
        try await client.withConnection { connection in
            try await connection.query(
                "VACUUM catalog_records, customer_cards, ingest_items, catalog_versions, erasure_log", logger: logger)
        }
    }

    public func prepareSchema(_ statements: [String]) async throws {
        try await client.withConnection { connection in
            if let schema {
                try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger: logger)
                try await connection.query(PostgresQuery(unsafeSQL: "SET search_path TO \(schema)"), logger: logger)
            }
            for statement in statements {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
        }
    }

    public func query(_ statement: SQLStatement) async throws -> [[SQLValue]] {
        try await client.withConnection { connection in
            try await PostgresSession(connection: connection, logger: logger).rows(statement)
        }
    }

    /// Why not postgres-nio's `withTransaction`: it sends COMMIT or ROLLBACK on a connection that may have closed
    /// during the body (a failover, a proxy cutting connections), and this postgres-nio never answers a statement
    /// written to a closed connection: the request hangs (tried; `test_connections_cut_mid_request_fail_fast` in
    /// Tests/e2e/test_pg_failover.py timed out on all four requests). Re-read in 1.33.2: `PostgresConnection.query`
    /// writes with `promise: nil`, so a write to a closed channel never fails the query (the upstream fix,
    /// vapor/postgres-nio#487, was reverted in #501). Every statement here, BEGIN and COMMIT included, goes
    /// through `PostgresSession.rows`, which refuses a closed connection at once (docs/scaling.md).
    public func transaction<T: Sendable>(_ body: @Sendable (any SQLSession) async throws -> T) async throws -> T {
        try await run(Self.begin, body)
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLSession) async throws -> T) async throws -> T {
        try await run(Self.beginReadOnly, body)
    }

    private static let begin: SQLStatement = "BEGIN"
    private static let beginReadOnly: SQLStatement = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"

    private func run<T: Sendable>(_ begin: SQLStatement, _ body: @Sendable (any SQLSession) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            let session = PostgresSession(connection: connection, logger: logger)
            try await session.rows(begin)
            do {
                let result = try await body(session)
                try await session.rows(.commit)
                return result
            } catch {
                _ = try? await session.rows(.rollback)
                throw error
            }
        }
    }
}

/// Statements on one leased connection, bound through postgres-nio's `PostgresQuery` interpolation.
struct PostgresSession: SQLSession, @unchecked Sendable {
    // @unchecked: a PostgresConnection is itself Sendable; the session only lives inside the
    // `withConnection` closure that leased it and is never stored elsewhere.
    let connection: PostgresConnection
    let logger: Logger

    func rows(_ statement: SQLStatement) async throws -> [[SQLValue]] {
        // postgres-nio never answers a statement written to a connection already closed (the server died, a
        // proxy cut it: a failover): the request would hang. Fail it instead; the client retries (docs/scaling.md).
        guard !connection.isClosed else { throw ReferentialError(.database, "the PostgreSQL connection is closed") }
        let query = try statement.postgresQuery()
        var result: [[SQLValue]] = []
        for try await row in try await connection.query(query, logger: logger) {
            var values: [SQLValue] = []
            for cell in row {
                if cell.bytes == nil {
                    values.append(.null)
                } else {
                    switch cell.dataType {
                    case .int2, .int4, .int8: values.append(.integer(try cell.decode(Int64.self)))
                    case .bool: values.append(.integer(try cell.decode(Bool.self) ? 1 : 0))
                    default: values.append(.text(try cell.decode(String.self)))
                    }
                }
            }
            result.append(values)
        }
        return result
    }

    /// A statement prepared once per connection (postgres-nio keeps it by the type's name); its rows, collected.
    func run<Statement: PostgresPreparedStatement>(_ statement: Statement) async throws -> [Statement.Row] {
        guard !connection.isClosed else { throw ReferentialError(.database, "the PostgreSQL connection is closed") }
        var rows: [Statement.Row] = []
        for try await row in try await connection.execute(statement, logger: logger) { rows.append(row) }
        return rows
    }
}
