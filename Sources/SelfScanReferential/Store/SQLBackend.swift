/// A value bound to, or read from, SQL: the referential only uses integers and text (amounts in minor units,
/// dates as ISO 8601 text, documents as JSON text).
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case text(String)

    var int: Int64? { if case .integer(let value) = self { value } else { nil } }
    var string: String? { if case .text(let value) = self { value } else { nil } }
}

/// One connection inside a transaction. Statements carry their values (`SQLStatement`'s interpolation); each
/// backend binds them with its library's own tool.
public protocol SQLSession: Sendable {
    /// Runs a statement; returns its rows (use `RETURNING` to learn what an insert or update did).
    @discardableResult
    func rows(_ statement: SQLStatement) async throws -> [[SQLValue]]
}

/// A database the referential's SQL runs on: SQLite through GRDB or PostgreSQL through postgres-nio. Both run
/// the same statements (standard SQL with `ON CONFLICT` and `RETURNING`), so both behave the same.
public protocol SQLBackend: Sendable {
    /// A read-write transaction: committed when `body` returns, rolled back when it throws.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLSession) async throws -> T) async throws -> T
    /// A read-only transaction on one consistent snapshot.
    func read<T: Sendable>(_ body: @Sendable (any SQLSession) async throws -> T) async throws -> T
    /// One read-only statement on its own (autocommit: no BEGIN/COMMIT round trips), for hot single lookups
    /// such as the bearer token on every request.
    func query(_ statement: SQLStatement) async throws -> [[SQLValue]]
    /// Raw statements run in order, outside the migration history (tests build older schemas with it).
    func prepareSchema(_ statements: [String]) async throws
    /// Applies the migrations this database has not applied yet, each once, in its own transaction, with the
    /// engine's own tool (GRDB's `DatabaseMigrator`; a `schema_versions` table under an advisory lock on
    /// PostgreSQL). A database an earlier release created (no version history) is adopted first
    /// (`ReferentialSchema.legacyVersions`).
    func migrate(_ migrations: [ReferentialMigration]) async throws
    /// Identifiers of the applied migrations, in order.
    func appliedMigrations() async throws -> [String]
    /// After an erasure: makes deleted rows leave the file where the engine can (SQLite: WAL checkpoint
    /// with truncation; PostgreSQL: VACUUM of the touched tables; docs/privacy.md says what each leaves).
    func reclaimDeletedSpace() async throws
}

extension SQLValue {
    init(_ text: String?) { self = text.map(SQLValue.text) ?? .null }
    init(_ number: Int64?) { self = number.map(SQLValue.integer) ?? .null }
    init(_ number: Int) { self = .integer(Int64(number)) }
}
