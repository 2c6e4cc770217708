import Foundation
import GRDB
import Testing
@testable import SelfScanStorage

/// The connection that commits runs with `synchronous = FULL` (a commit is fsynced before it is acknowledged).
/// GRDB's `DatabasePool` sets `NORMAL` on its writer when it turns WAL on, after `prepareDatabase` ran: the
/// readers said FULL while every commit went unsynced (found while profiling issue 16's catalog delta).
@Suite("StoreDatabase: the writer connection fsyncs every commit")
struct StoreDatabaseWriterSyncTests {
    @Test func theWriterConnectionRunsWithFullSync() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let database = try StorageFixtures.openDatabase(in: directory)
        let inTransaction = try database.writer.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        let outside = try database.writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(inTransaction == 2)  // FULL
        #expect(outside == 2)
    }

    /// Reopening a file whose WAL already exists (GRDB's WAL set-up differs) keeps FULL as well.
    @Test func aReopenedFileKeepsFullSyncOnTheWriter() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let first = try StorageFixtures.openDatabase(in: directory)
        try AuditLog(database: first).append(kind: "test", actor: "system")
        let second = try StorageFixtures.openDatabase(in: directory)
        #expect(try second.writer.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 2)
        _ = first
    }
}
