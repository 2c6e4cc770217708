import Foundation
import SelfScanCore
import SelfScanReferential
import SelfScanSync
import Testing

/// Catalog versions, snapshots, deltas and ETags: the same suite on SQLite and PostgreSQL.
@Suite("Referential catalog protocol")
struct CatalogProtocolTests {
    @Test("versions are monotonic; a price change is a new version and a delta", arguments: TestBackend.allCases)
    func priceChangeIsADelta(backend: TestBackend) async throws {
        try await backend.withStore { store in
            #expect(try await store.currentCatalogVersion() == .empty)
            let products = try (1...20).map { try Fixtures.product($0) }
            let v1 = try await store.upsertProducts(products, note: "import")
            #expect(v1.value == 1)
            // Importing the same products again changes nothing: no new version.
            #expect(try await store.upsertProducts(products, note: "again") == v1)
            let v2 = try await store.setPrice(try Fixtures.gtin(7), to: Money(minor: 249, currency: .eur))
            #expect(v2 > v1)
            try await TestServer.with(store: store) { server in
                let client = server.client(token: try await server.token(store: "paris-11"))
                let delta = try #require(try await client.catalogChanges(since: v1))
                #expect(delta.version == v2)
                #expect(delta.upserts.map(\.gtin) == [try Fixtures.gtin(7)])
                #expect(delta.upserts.first?.price == Money(minor: 249, currency: .eur))
                // Up to date: the ETag matches, 304.
                #expect(try await client.catalogChanges(since: v2) == nil)
                // From zero, the delta holds every product.
                let all = try #require(try await client.catalogChanges(since: .empty))
                #expect(all.upserts.count == 20)
            }
        }
    }

    @Test("removal reaches deltas; snapshots page and resume after a GTIN", arguments: TestBackend.allCases)
    func snapshotPagesAndRemovals(backend: TestBackend) async throws {
        try await backend.withStore { store in
            let v1 = try await store.upsertProducts(try (1...25).map { try Fixtures.product($0) }, note: "import")
            try await store.removeProduct(try Fixtures.gtin(3))
            try await TestServer.with(store: store) { server in
                let token = try await server.token(store: "lyon-2")
                let client = server.client(token: token)
                let delta = try #require(try await client.catalogChanges(since: v1))
                #expect(delta.removals == [try Fixtures.gtin(3)])
                // Paged download (pages of 7) gets the 24 listed products once each, in GTIN order.
                let snapshot = try await client.catalogSnapshot(pageSize: 7)
                #expect(snapshot.upserts.count == 24)
                #expect(Set(snapshot.upserts.map(\.gtin)).count == 24)
                #expect(!snapshot.upserts.contains { $0.gtin == (try? Fixtures.gtin(3)) })
                // A page that stops at its limit says so and gives the cursor to resume with.
                let page = try await server.raw("GET", "/v1/catalog/snapshot?limit=5", token: token)
                let lines = String(decoding: page.body, as: UTF8.self).split(separator: "\n")
                #expect(lines.count == 7)
                let end = try ProtocolJSON.decoder().decode(CatalogLine.self, from: Data(lines[6].utf8))
                guard case .end(5, false, let next?) = end else {
                    Issue.record("unexpected end line \(end)")
                    return
                }
                let resumed = try await server.raw("GET", "/v1/catalog/snapshot?after=\(next.digits14)", token: token)
                let rest = try CatalogLinesCodec().decode(resumed.body)
                #expect(rest.upserts.count == 19)
                #expect(rest.upserts.allSatisfy { $0.gtin.digits14 > next.digits14 })
            }
        }
    }

    @Test("ETag: 304 when unchanged, 200 after a change", arguments: TestBackend.allCases)
    func etagNotModified(backend: TestBackend) async throws {
        try await backend.withStore { store in
            let v1 = try await store.upsertProducts([try Fixtures.product(1)], note: "import")
            try await TestServer.with(store: store) { server in
                let token = try await server.token(store: "nice-1")
                let same = try await server.raw(
                    "GET", "/v1/catalog/snapshot", token: token, headers: [("If-None-Match", v1.etag)])
                #expect(same.status == 304)
                try await store.setPrice(try Fixtures.gtin(1), to: Money(minor: 5, currency: .eur))
                let changed = try await server.raw(
                    "GET", "/v1/catalog/deltas?since=\(v1.value)", token: token, headers: [("If-None-Match", v1.etag)])
                #expect(changed.status == 200)
                #expect(try CatalogLinesCodec().decode(changed.body).upserts.count == 1)
            }
        }
    }
}
