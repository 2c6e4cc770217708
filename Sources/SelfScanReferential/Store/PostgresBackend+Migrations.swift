import Foundation
import Logging
import PostgresNIO
import SelfScanAPI

extension PostgresBackend {
    /// Versioned migrations in `schema_versions (version, name, applied_at)`: each unapplied version runs in its
    /// own transaction (postgres-nio's `withTransaction`) under `pg_advisory_xact_lock`, so two nodes starting at
    /// once take turns and the second finds the version applied. A database an earlier release created (tables,
    /// no `schema_versions`) is adopted first, in one transaction.
    public func migrate(_ migrations: [ReferentialMigration]) async throws {
        try await client.withConnection { connection in
            if let schema {
                try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger: logger)
                try await connection.query(PostgresQuery(unsafeSQL: "SET search_path TO \(schema)"), logger: logger)
            }
            try await connection.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(74201)", logger: logger)
                try await Self.adoptLegacySchema(connection, migrations, logger: logger)
            }
            for migration in migrations {
                try await connection.withTransaction(logger: logger) { connection in
                    try await connection.query("SELECT pg_advisory_xact_lock(74201)", logger: logger)
                    let version = Int64(migration.version)
                    let applied = try await connection.query(
                        "SELECT 1 FROM schema_versions WHERE version = \(version)", logger: logger
                    ).collect()
                    guard applied.isEmpty else { return }
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await Self.record(migration, connection, logger: logger)
                }
            }
        }
    }

    public func appliedMigrations() async throws -> [String] {
        try await client.withConnection { connection in
            let exists = try await connection.query(
                "SELECT to_regclass('schema_versions') IS NOT NULL", logger: logger
            ).collect().first?.decode(Bool.self) ?? false
            guard exists else { return [] }
            var names: [String] = []
            for try await (version, name) in try await connection.query(
                "SELECT version, name FROM schema_versions ORDER BY version", logger: logger
            ).decode((Int64, String).self) {
                names.append(ReferentialMigration.identifier(version: Int(version), name: name))
            }
            return names
        }
    }

    static func adoptLegacySchema(
        _ connection: PostgresConnection, _ migrations: [ReferentialMigration], logger: Logger
    ) async throws {
        let state = try await connection.query(
            """
            SELECT to_regclass('schema_versions') IS NOT NULL, to_regclass('stores') IS NOT NULL,
                to_regclass('schema_migrations') IS NOT NULL
            """, logger: logger
        ).collect().first?.decode((Bool, Bool, Bool).self) ?? (false, false, false)
        guard !state.0 else { return }
        try await connection.query(
            """
            CREATE TABLE schema_versions (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)
            """, logger: logger)
        var recorded = Set<String>()
        if state.2 {
            for try await name in try await connection.query("SELECT name FROM schema_migrations", logger: logger)
                .decode(String.self)
            {
                recorded.insert(name)
            }
        }
        let adopted = ReferentialSchema.legacyVersions(hasStores: state.1, recordedNames: recorded)
        guard !adopted.isEmpty else { return }
        // The baseline as the last release ran it on every start (idempotent), then the history.
        for statement in migrations.first(where: { $0.version == 1 })?.statements ?? [] {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
        for migration in adopted { try await record(migration, connection, logger: logger) }
    }

    static func record(_ migration: ReferentialMigration, _ connection: PostgresConnection, logger: Logger) async throws {
        let version = Int64(migration.version)
        let name = migration.name
        let now = ProtocolJSON.text(of: Date())
        try await connection.query(
            "INSERT INTO schema_versions (version, name, applied_at) VALUES (\(version), \(name), \(now))", logger: logger)
    }
}
