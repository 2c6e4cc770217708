import Foundation
import GRDB

/// The embedded backend: one SQLite file (WAL) through GRDB. Every transaction holds `TransactionLock`, so the
/// async statements of one transaction never interleave with another's on the single connection.
public struct SQLiteBackend: SQLBackend {
    let queue: DatabaseQueue
    let lock = TransactionLock()

    /// Opens (creating when missing) the file at `path`; `:memory:` gives a private in-memory database.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        // Transactions span several `writeWithoutTransaction` calls (the store's logic is async); `TransactionLock` makes
        // sure one transaction at a time owns the connection, from BEGIN to COMMIT/ROLLBACK.
        configuration.allowsUnsafeTransactions = true
        // Deleted and overwritten rows are zeroed in the file, not left in free pages (erasure).
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA secure_delete = ON") }
        if path == ":memory:" {
            queue = try DatabaseQueue(configuration: configuration)
        } else {
            configuration.journalMode = .wal
            queue = try DatabaseQueue(path: path, configuration: configuration)
            // An acknowledged ingest is dropped from the daemon's outbox: it must survive a power cut, so every
            // commit fsyncs the WAL. GRDB sets `synchronous = NORMAL` when it turns WAL on (after
            // `prepareDatabase`), which syncs only at checkpoints: FULL again on the one connection.
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        }
    }

    public func prepareSchema(_ statements: [String]) async throws {
        try await queue.write { db in
            for statement in statements { try db.execute(sql: statement) }
        }
    }

    /// Copies the WAL into the main file and truncates it to zero bytes, so no old page version remains.
    public func reclaimDeletedSpace() async throws {
        await lock.acquire()
        do {
            try await queue.writeWithoutTransaction { db in
                _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        } catch {
            await lock.release()
            throw error
        }
        await lock.release()
    }

    /// In-process, so a transaction costs no round trip: the statement runs in a read transaction.
    public func query(_ statement: SQLStatement) async throws -> [[SQLValue]] {
        try await read { session in try await session.rows(statement) }
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLSession) async throws -> T) async throws -> T {
        try await run(Self.beginWrite, body)
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLSession) async throws -> T) async throws -> T {
        try await run(Self.beginRead, body)
    }

    private static let beginWrite: SQLStatement = "BEGIN IMMEDIATE"
    private static let beginRead: SQLStatement = "BEGIN DEFERRED"

    private func run<T: Sendable>(_ begin: SQLStatement, _ body: @Sendable (any SQLSession) async throws -> T) async throws -> T {
        await lock.acquire()
        let session = SQLiteSession(queue: queue)
        do {
            try await session.rows(begin)
            do {
                let result = try await body(session)
                try await session.rows(.commit)
                await lock.release()
                return result
            } catch {
                _ = try? await session.rows(.rollback)
                throw error
            }
        } catch {
            await lock.release()
            throw error
        }
    }
}

/// Statements on the backend's connection, outside GRDB's own transaction handling (the backend issues
/// BEGIN/COMMIT itself, under its lock).
struct SQLiteSession: SQLSession {
    let queue: DatabaseQueue

    func rows(_ statement: SQLStatement) async throws -> [[SQLValue]] {
        let (sql, arguments) = try statement.sqlite()
        // On the writer's queue while the task suspends: a COMMIT's fsync never blocks a cooperative-pool thread.
        // Through a continuation, not GRDB's async `writeWithoutTransaction`, which gives up before running when
        // the task is cancelled (a client hanging up mid-request): a skipped COMMIT or ROLLBACK would leave the
        // one connection inside its transaction and every later request failing. Every statement runs.
        return try await withCheckedThrowingContinuation { continuation in
            queue.asyncWriteWithoutTransaction { db in
                continuation.resume(with: Result { try Self.run(sql, arguments, in: db) })
            }
        }
    }

    private static func run(_ sql: String, _ arguments: StatementArguments, in db: Database) throws -> [[SQLValue]] {
        // Cached per SQL text: the ingest's statements are parsed once per connection, not per batch.
        let statement = try db.cachedStatement(sql: sql)
        try statement.setArguments(arguments)
        return try Row.fetchAll(statement).map { row in
            row.databaseValues.map { value in
                switch value.storage {
                case .null: .null
                case .int64(let number): .integer(number)
                case .double(let number): .integer(Int64(number))
                case .string(let text): .text(text)
                case .blob(let data): .text(String(decoding: data, as: UTF8.self))
                }
            }
        }
    }
}

/// A FIFO async mutex: one SQLite transaction at a time.
actor TransactionLock {
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !locked {
            locked = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            locked = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
