import Foundation
import GRDB
import SelfScanAPI
import SelfScanCore
import Testing
@testable import SelfScanStorage

/// Issue 22 on the device: no card number in the SQLite file, hashed cards resolve, a deleted customer is
/// gone; retention prunes closed sessions only once acknowledged, and the audit chain still verifies.
@Suite("Device privacy: card hashes in the cache, retention")
struct PrivacyStorageTests {
    static let card = "2900000000017"

    static func fileHolds(_ needle: String, database: StoreDatabase) -> Bool {
        [database.path, database.path + "-wal"].contains { file in
            FileManager.default.contents(atPath: file).map { $0.range(of: Data(needle.utf8)) != nil } ?? false
        }
    }

    @Test func aCardInClearIsHashedBeforeItIsStoredAndStillResolves() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let database = try StorageFixtures.openDatabase(in: directory)
        let cache = CatalogCache(database: database)
        try cache.apply(snapshot: CatalogSnapshot(
            version: CatalogVersion(1), currency: .eur, products: try StorageFixtures.sampleProducts(),
            customers: [LoyaltyCustomer(id: "C1", cardCodes: [Self.card], tier: .gold, completedTrips: 4, failedAudits: 1)]))
        let lookup = try #require(try cache.lookup())
        let customer = try #require(try lookup.customer(cardCode: Self.card))
        #expect(customer.tier == .gold && customer.auditRisk == .elevated)
        #expect(try lookup.customer(cardCode: "2900000000024") == nil)
        database.checkpointAfterDeletion()
        #expect(!Self.fileHolds(Self.card, database: database))
        #expect(!Self.fileHolds("failedAudits", database: database))
    }

    @Test func hashedCardsFromTheReferentialResolveAndADeltaDeletesTheCustomer() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let database = try StorageFixtures.openDatabase(in: directory)
        let cache = CatalogCache(database: database)
        let key = PBKDF2CardHasher.newKey(iterations: 1000)
        let hash = PBKDF2CardHasher().hash(cardCode: Self.card, key: key)
        let customer = LoyaltyCustomer(id: "C9", cardHashes: [hash], tier: .silver, auditRisk: .low)
        try cache.apply(snapshot: CatalogSnapshot(
            version: CatalogVersion(1), currency: .eur, products: try StorageFixtures.sampleProducts(),
            customers: [customer], cardHashKeys: [key]))
        #expect(try cache.lookup()?.customer(cardCode: Self.card)?.id == "C9")
        var records: [CatalogRecord] = [.deleteCustomer("C9")]
        let delta = CatalogFileHeader.delta(from: CatalogVersion(1), to: CatalogVersion(2), currency: .eur, createdAt: Date())
        var iterator = records.makeIterator()
        try cache.apply(header: delta) { () throws(CatalogFileError) in iterator.next() }
        records.removeAll()
        #expect(try cache.lookup()?.customer(cardCode: Self.card) == nil)
        #expect(try cache.lookup()?.customer(id: "C9") == nil)
        #expect(!Self.fileHolds("C9\"", database: database))
    }

    /// Hashing is slow on purpose but deterministic: same card, key → same hash; another salt → another.
    @Test func pbkdf2HashIsSaltedAndDeterministic() {
        let a = CardHashKey(id: "k-a", salt: "00112233445566778899aabbccddeeff", iterations: 1000)
        let b = CardHashKey(id: "k-b", salt: "ffeeddccbbaa99887766554433221100", iterations: 1000)
        let hasher = PBKDF2CardHasher()
        #expect(hasher.hash(cardCode: Self.card, key: a) == hasher.hash(cardCode: Self.card, key: a))
        #expect(hasher.hash(cardCode: Self.card, key: a).hash != hasher.hash(cardCode: Self.card, key: b).hash)
        #expect(hasher.hash(cardCode: Self.card, key: a).hash.count == 64)
        // RFC 7914 §11 / common PBKDF2-HMAC-SHA256 vector: "passwd", salt "salt", 1 iteration, first 32 bytes.
        let vector = CardHashKey(id: "v", salt: "73616c74", iterations: 1)
        #expect(hasher.hash(cardCode: "passwd", key: vector).hash
            == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc")
    }

    // MARK: Retention

    struct Session {
        var script = SessionScript()
        let store: BasketStore

        mutating func close(as state: String, at date: Date, acknowledge outbox: Outbox?) throws {
            let opened = script.opened()
            let scan = script.scanned()
            try store.append(
                [opened, scan], state: SessionStateUpdate(state: state, total: Money(minor: 189, currency: .eur), lineCount: 1),
                audit: [AuditLogDraft(kind: "sessionClosed", actor: "kiosk-1")], now: date)
            if let outbox {
                try outbox.markDelivered(idempotencyKeys: [opened.id.uuidString, scan.id.uuidString])
            }
        }
    }

    @Test func closedAcknowledgedSessionsArePrunedAfterTheirPeriodNeverBefore() throws {
        let database = try StorageFixtures.openDatabase(in: try StorageFixtures.temporaryDirectory())
        let store = BasketStore(database: database)
        let outbox = Outbox(database: database)
        let now = Date()
        let old = now.addingTimeInterval(-10 * 86_400)
        var acknowledged = Session(store: store)
        try acknowledged.close(as: "exited", at: old, acknowledge: outbox)
        var pending = Session(store: store)
        try pending.close(as: "exited", at: old, acknowledge: nil)  // still in the outbox
        var recent = Session(store: store)
        try recent.close(as: "abandoned", at: now, acknowledge: outbox)
        var open = Session(store: store)
        try open.close(as: "scanning", at: old, acknowledge: outbox)

        let report = try RetentionPruner(database: database, policy: RetentionPolicy()).prune(now: now)
        #expect(report.sessions == 1 && report.events == 2)
        #expect(try store.session(id: acknowledged.script.sessionID) == nil)
        #expect(try store.events(sessionID: acknowledged.script.sessionID).isEmpty)
        #expect(try store.session(id: pending.script.sessionID) != nil)
        #expect(try store.session(id: recent.script.sessionID) != nil)
        #expect(try store.session(id: open.script.sessionID) != nil)
        // Once delivered, the pending one goes too.
        try outbox.markDelivered(idempotencyKeys: try store.events(sessionID: pending.script.sessionID).map(\.id.uuidString))
        #expect(try RetentionPruner(database: database).prune(now: now).sessions == 1)
        #expect(try store.session(id: pending.script.sessionID) == nil)
    }

    @Test func theAuditChainStaysVerifiableAcrossPruningAndATamperedCheckpointIsCaught() throws {
        let database = try StorageFixtures.openDatabase(in: try StorageFixtures.temporaryDirectory())
        let log = AuditLog(database: database)
        let now = Date()
        for index in 0..<5 {
            try log.append(kind: "staffLogin", actor: "S\(index)", at: now.addingTimeInterval(-40 * 86_400))
        }
        try log.append(kind: "staffLogin", actor: "recent", at: now)
        let report = try RetentionPruner(database: database).prune(now: now)
        #expect(report.auditEntries == 5)
        #expect(try log.verify() == .intact(count: 2))  // the recent entry and the checkpoint entry
        #expect(try log.entries().map(\.kind) == ["staffLogin", "retentionCheckpoint"])
        // Entries after the checkpoint stay undeletable.
        #expect(throws: (any Error).self) {
            try database.writer.write { db in try db.execute(sql: "DELETE FROM audit_log") }
        }
        // Moving the checkpoint (to hide more deletions) breaks verification.
        try database.writer.write { db in
            try db.execute(sql: "UPDATE audit_log_checkpoint SET throughHash = ?", arguments: [String(repeating: "1", count: 64)])
        }
        if case .intact = try log.verify() { Issue.record("a tampered checkpoint must not verify") }
    }
}

/// A device upgraded from a build that stored cards in clear: the migration removes every card number.
@Suite("Device privacy: upgrade migration")
struct PrivacyMigrationTests {
    @Test func upgradingRemovesCardNumbersFromTheCatalogAndThePastEvents() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let path = directory.appendingPathComponent("store.sqlite").path
        let card = "0420000077777"
        do {
            let old = try DatabaseQueue(path: path)
            try StoreDatabase.migrator.migrate(old, upTo: "2026-11-23-picking-progress")
            try old.write { db in
                try db.execute(sql: """
                    INSERT INTO catalog_state (id, version, currency, publishedAt, appliedAt, lastKind) VALUES (1, 9, 'EUR', 0, 0, 'snapshot');
                    INSERT INTO catalog_card (code, customerID) VALUES ('\(card)', 'C1');
                    INSERT INTO catalog_customer (id, body) VALUES ('C1', '{"id":"C1","cardCodes":["\(card)"],"tier":2,"personalOffers":[],"completedTrips":1,"failedAudits":4}');
                    INSERT INTO basket_session (id, storeID, deviceID, state, lastSequence, openedAt, updatedAt, currency)
                        VALUES ('S1', 'FR', 'k', 'scanning', 2, 0, 0, 'EUR');
                    INSERT INTO basket_event (eventID, sessionID, sequence, kind, timestampNanos, body) VALUES
                        ('E2', 'S1', 2, 'customerIdentified', 0,
                         '{"id":"E2","payload":{"customerIdentified":{"cardCode":"\(card)","customerID":"C1"}},"sequence":2,"sessionID":"S1","timestampNanos":0}');
                    INSERT INTO outbox (idempotencyKey, kind, orderingKey, sequence, payload, createdAt, nextAttemptAt) VALUES
                        ('E2', 'basketEvent', 'S1', 2,
                         '{"id":"E2","payload":{"customerIdentified":{"cardCode":"\(card)","customerID":"C1"}},"sequence":2,"sessionID":"S1","timestampNanos":0}', 0, 0);
                    """)
            }
        }
        let database = try StoreDatabase.open(atPath: path)
        database.checkpointAfterDeletion()
        for file in [path, path + "-wal"] {
            let data = FileManager.default.contents(atPath: file) ?? Data()
            #expect(data.range(of: Data(card.utf8)) == nil, "\(file) still holds the card")
        }
        #expect(try CatalogCache(database: database).state()?.version == CatalogVersion(0))  // the next sync refills
        let body = try database.writer.read { db in try String.fetchOne(db, sql: "SELECT body FROM basket_event") }
        #expect(body?.contains("\"customerID\":\"C1\"") == true)
    }
}
