import Foundation
@testable import SelfScanReferential
import Testing

/// The backends' transactions: a body that throws rolls
/// everything back and its error comes out as itself, so callers can still match `ReferentialError` codes.
@Suite("Referential backends: transactions")
struct BackendTransactionTests {
    @Test("the embedded SQLite backend fsyncs every commit (synchronous = FULL, not the NORMAL GRDB sets with WAL)")
    func sqliteCommitsAreSynced() async throws {
        try await TestBackend.sqlite.withBareStore { store in
            let rows = try await store.backend.query("PRAGMA synchronous")
            #expect(rows == [[.integer(2)]], "synchronous = \(rows)")
            let mode = try await store.backend.query("PRAGMA journal_mode")
            #expect(mode == [[.text("wal")]])
        }
    }

    /// A request whose client hangs up is cancelled mid-transaction: its ROLLBACK must still run, or the
    /// embedded backend's one connection stays inside the transaction and every later request fails (the
    /// adversarial harness saw every push answered 500 after an outage cut a connection).
    @Test("a cancelled task's transaction still rolls back; the next one works", arguments: TestBackend.allCases)
    func cancelledTransactionRollsBack(backend: TestBackend) async throws {
        try await backend.withBareStore { store in
            let sql = store.backend
            try await sql.prepareSchema(["CREATE TABLE cancel_probe (id TEXT PRIMARY KEY)"])
            let cancelled = Task {
                try await sql.transaction { session -> Void in
                    try await session.rows("INSERT INTO cancel_probe (id) VALUES (\("cancelled"))")
                    withUnsafeCurrentTask { $0?.cancel() }
                    throw CancellationError()
                }
            }
            await #expect(throws: CancellationError.self) { try await cancelled.value }
            try await sql.transaction { session -> Void in
                try await session.rows("INSERT INTO cancel_probe (id) VALUES (\("next"))")
            }
            let ids = try await sql.read { session in try await session.rows("SELECT id FROM cancel_probe ORDER BY id") }
            #expect(ids == [[.text("next")]])
        }
    }

    @Test("a throwing body rolls back and rethrows its own error; a returning body commits", arguments: TestBackend.allCases)
    func rollbackAndError(backend: TestBackend) async throws {
        try await backend.withBareStore { store in
            let sql = store.backend
            try await sql.prepareSchema(["CREATE TABLE tx_probe (id TEXT PRIMARY KEY)"])
            await #expect(throws: ReferentialError.self) {
                try await sql.transaction { session in
                    try await session.rows("INSERT INTO tx_probe (id) VALUES (\("rolled-back"))")
                    throw ReferentialError(.conflictingReservation, "the body refuses")
                }
            }
            do {
                try await sql.transaction { session -> Void in throw ReferentialError(.conflictingReservation, "again") }
                Issue.record("the transaction did not rethrow")
            } catch let error as ReferentialError {
                #expect(error.code == .conflictingReservation)
            }
            try await sql.transaction { session -> Void in
                try await session.rows("INSERT INTO tx_probe (id) VALUES (\("kept"))")
            }
            let ids = try await sql.read { session in try await session.rows("SELECT id FROM tx_probe ORDER BY id") }
            #expect(ids == [[.text("kept")]])
        }
    }
}
