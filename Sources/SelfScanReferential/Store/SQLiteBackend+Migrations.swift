import GRDB

extension SQLiteBackend {
    /// GRDB's `DatabaseMigrator`, one registered migration per version (identifier `0002-scope-client-ids`…),
    /// each in its own transaction. A file an earlier release created (tables, no `grdb_migrations`) is adopted
    /// first: the baseline's idempotent statements fill what it lacks and the versions it already holds are
    /// recorded as applied, so none runs twice.
    public func migrate(_ migrations: [ReferentialMigration]) async throws {
        await lock.acquire()
        do {
            try await queue.write { db in try Self.adoptLegacySchema(db, migrations) }
            var migrator = DatabaseMigrator()
            for migration in migrations {
                migrator.registerMigration(migration.identifier) { db in
                    for statement in migration.statements { try db.execute(sql: statement) }
                }
            }
            // Once per process start, before serving: blocking the calling thread for it is acceptable.
            try migrator.migrate(queue)
        } catch {
            await lock.release()
            throw error
        }
        await lock.release()
    }

    public func appliedMigrations() async throws -> [String] {
        try await queue.read { db in
            guard try db.tableExists("grdb_migrations") else { return [] }
            return try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
        }
    }

    static func adoptLegacySchema(_ db: Database, _ migrations: [ReferentialMigration]) throws {
        guard try !db.tableExists("grdb_migrations") else { return }
        let recorded: Set<String> =
            try db.tableExists("schema_migrations")
            ? Set(try String.fetchAll(db, sql: "SELECT name FROM schema_migrations")) : []
        let adopted = ReferentialSchema.legacyVersions(hasStores: try db.tableExists("stores"), recordedNames: recorded)
        guard !adopted.isEmpty else { return }
        // The baseline as the last release ran it on every start (idempotent), then the history GRDB reads.
        for statement in migrations.first { $0.version == 1 }?.statements ?? [] { try db.execute(sql: statement) }
        try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
        for migration in adopted {
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [migration.identifier])
        }
    }
}
