import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import SelfScanStorage
import SelfScanSync
import SelfScanSyncStorage
import Testing

/// Catalog versions, snapshots, deltas and ETags in the storage catalog format: the same suite on SQLite and
/// PostgreSQL.
@Suite("Referential catalog protocol")
struct CatalogProtocolTests {
    @Test("versions are monotonic; a price change is a new version and a delta", arguments: TestBackend.allCases)
    func priceChangeIsADelta(backend: TestBackend) async throws {
        try await backend.withStore { store in
            #expect(try await store.currentCatalogVersion() == .none)
            let v1 = try await store.publish(try Fixtures.products(1...20), note: "import")
            #expect(v1.rawValue == 1)
            // Publishing the same records again changes nothing: no new version.
            #expect(try await store.publish(try Fixtures.products(1...20), note: "again") == v1)
            let v2 = try await store.setPrice(gtin: try Fixtures.gtin(7), to: Money(minor: 249, currency: .eur))
            #expect(v2 > v1)
            try await TestServer.with(store: store) { server in
                let client = server.client(token: try await server.token(store: "paris-11"))
                let delta = try #require(try await client.catalogDelta(since: v1))
                #expect(delta.header.kind == .delta && delta.header.baseVersion == v1 && delta.version == v2)
                guard case .product(let changed) = try #require(delta.records.first), delta.records.count == 1 else {
                    Issue.record("the delta must hold exactly the repriced product: \(delta.records)")
                    return
                }
                #expect(changed.id == "P7" && changed.pricing == .unit(Money(minor: 249, currency: .eur)))
                // Up to date: 304.
                #expect(try await client.catalogDelta(since: v2) == nil)
                // From zero, the delta holds every product.
                #expect(try #require(try await client.catalogDelta(since: .none)).records.count == 20)
            }
        }
    }

    @Test("a delta applies to a storage cache; a deletion reaches it", arguments: TestBackend.allCases)
    func deltaAppliesToStorageCache(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await store.publish(try Fixtures.products(1...5), note: "import")
            try await TestServer.with(store: store) { server in
                let client = server.client(token: try await server.token(store: "lyon-2"))
                let directory = FileManager.default.temporaryDirectory.appendingPathComponent("selfscan-cache-\(UUID())")
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: directory) }
                let cache = CatalogCache(database: try StoreDatabase.open(atPath: directory.appendingPathComponent("store.sqlite").path))
                try await cache.apply(try await client.catalogSnapshot(), now: Date())
                let before = try #require(try cache.state()).version
                try await store.publish([.deleteProduct("P3")], note: "withdraw")
                try await store.setPrice(gtin: try Fixtures.gtin(2), to: Money(minor: 5, currency: .eur))
                let delta = try #require(try await client.catalogDelta(since: before))
                try await cache.apply(delta, now: Date())
                let lookup = try #require(try cache.lookup())
                #expect(try lookup.product(gtin: try Fixtures.gtin(3)) == nil)
                #expect(try lookup.product(gtin: try Fixtures.gtin(2))?.pricing == .unit(Money(minor: 5, currency: .eur)))
                #expect(try cache.state()?.version == delta.version)
            }
        }
    }

    @Test("a cut snapshot resumes after the last record; a moved catalog says restart", arguments: TestBackend.allCases)
    func snapshotResumes(backend: TestBackend) async throws {
        try await backend.withStore { store in
            let version = try await store.publish(try Fixtures.products(1...25), note: "import")
            try await TestServer.with(store: store) { server in
                let token = try await server.token(store: "nice-1")
                let whole = try await server.raw("GET", "/v1/catalog/snapshot", token: token)
                let lines = whole.body.split(separator: 0x0A)
                #expect(lines.count == 27)
                // The first 11 lines (header + 10 records) arrived before the cut.
                var decoder = CatalogLineDecoder()
                for line in lines.prefix(11) { _ = try decoder.decode(line: Data(line)) }
                let rest = try await server.raw(
                    "GET", "/v1/catalog/snapshot?after=10&version=\(version.rawValue)", token: token)
                let restLines = rest.body.split(separator: 0x0A)
                #expect(restLines.count == 16)
                var records = 10
                for line in restLines {
                    if case .record = try decoder.decode(line: Data(line)) { records += 1 }
                }
                try decoder.finish()
                #expect(records == 25 && decoder.isFinished)
                // The client does it by itself too.
                #expect(try await server.client(token: token).catalogSnapshot().records.count == 25)
                try await store.setPrice(gtin: try Fixtures.gtin(1), to: Money(minor: 1, currency: .eur))
                let moved = try await server.raw(
                    "GET", "/v1/catalog/snapshot?after=10&version=\(version.rawValue)", token: token)
                #expect(moved.status == 409 && moved.error?.error.code == .catalogVersionChanged)
            }
        }
    }

    @Test("ETag: 304 when unchanged, 200 after a change", arguments: TestBackend.allCases)
    func etagNotModified(backend: TestBackend) async throws {
        try await backend.withStore { store in
            let v1 = try await store.publish(try Fixtures.products(1...1), note: "import")
            try await TestServer.with(store: store) { server in
                let token = try await server.token(store: "nice-1")
                let same = try await server.raw(
                    "GET", "/v1/catalog/snapshot", token: token, headers: [("If-None-Match", v1.etag)])
                #expect(same.status == 304)
                try await store.setPrice(gtin: try Fixtures.gtin(1), to: Money(minor: 5, currency: .eur))
                let changed = try await server.raw(
                    "GET", "/v1/catalog/deltas?since=\(v1.rawValue)", token: token, headers: [("If-None-Match", v1.etag)])
                #expect(changed.status == 200)
                #expect(changed.body.split(separator: 0x0A).count == 3)
            }
        }
    }
}
