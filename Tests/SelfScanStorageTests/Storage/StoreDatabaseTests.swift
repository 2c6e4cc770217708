import Foundation
import GRDB
import Testing
import SelfScanAPI
@testable import SelfScanStorage

@Suite("StoreDatabase: open, migrations, refusals")
struct StoreDatabaseTests {
    @Test func createsTheSchemaInWALModeWithFullSync() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let database = try StorageFixtures.openDatabase(in: directory)
        #expect(try database.appliedMigrations() == StoreDatabase.migrator.migrations)
        let (journal, synchronous, applicationID) = try database.writer.read { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try Int.fetchOne(db, sql: "PRAGMA synchronous"),
                try Int32.fetchOne(db, sql: "PRAGMA application_id")
            )
        }
        #expect(journal == "wal")
        #expect(synchronous == 2)  // FULL
        #expect(applicationID == StoreDatabase.applicationID)
        #expect(try database.integrityCheck() == ["ok"])
    }

    @Test func reopeningKeepsDataAndAppliesNoMigrationTwice() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        do {
            let database = try StorageFixtures.openDatabase(in: directory)
            try AuditLog(database: database).append(kind: "test", actor: "system")
        }
        let reopened = try StorageFixtures.openDatabase(in: directory)
        #expect(try AuditLog(database: reopened).entries().count == 1)
        #expect(try reopened.appliedMigrations().count == StoreDatabase.migrator.migrations.count)
    }

    @Test func refusesADatabaseFromANewerSchema() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        do {
            let database = try StorageFixtures.openDatabase(in: directory)
            try database.writer.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('2099-01-01-from-the-future')")
            }
        }
        let error = #expect(throws: StorageError.self) { try StorageFixtures.openDatabase(in: directory) }
        #expect(error?.code == .newerSchema)
        #expect(error?.description.contains("2099-01-01-from-the-future") == true)
    }

    @Test func refusesAFileThatIsNotADatabaseAndLeavesItUntouched() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let path = directory.appendingPathComponent("store.sqlite").path
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: StorageError.self) { try StoreDatabase.open(atPath: path) }
        #expect(error?.code == .corruptDatabase)
        #expect(error?.description.contains("damaged") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
    }

    @Test func refusesADatabaseWithDamagedPages() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let path = directory.appendingPathComponent("store.sqlite").path
        do {
            let database = try StoreDatabase.open(atPath: path)
            try CatalogCache(database: database).apply(
                snapshot: .init(version: .init(1), currency: .eur, products: try StorageFixtures.sampleProducts()))
            try database.writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        }
        // Overwrite everything after the first page (the schema's own pages included) with garbage.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        for index in 4096..<bytes.count { bytes[index] = 0xA5 }
        try bytes.write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: StorageError.self) {
            let database = try StoreDatabase.open(atPath: path)
            _ = try CatalogCache(database: database).lookup()?.product(id: "P1")
            _ = try database.integrityCheck()
        }
        #expect(error?.code == .corruptDatabase)
    }

    @Test func refusesAnotherApplicationsDatabase() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let path = directory.appendingPathComponent("other.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "PRAGMA application_id = 1234; CREATE TABLE t (x)") }
        try queue.close()
        let error = #expect(throws: StorageError.self) { try StoreDatabase.open(atPath: path) }
        #expect(error?.code == .corruptDatabase)
    }
}
