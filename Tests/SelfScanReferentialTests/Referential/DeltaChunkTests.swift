import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import Testing

/// Deltas as immutable, cacheable chunks (docs/sync-protocol.md "Delta chunks") and the poll that writes no
/// position row when nothing moved: on SQLite and PostgreSQL, real HTTP on loopback.
@Suite("Referential delta chunks")
struct DeltaChunkTests {
    /// A published catalog at v2 whose delta from v1 reprices one product.
    static func twoVersions(_ store: any ReferentialStore) async throws -> (v1: CatalogVersion, v2: CatalogVersion) {
        let v1 = try await store.publish(try Fixtures.products(1...20), note: "import")
        let v2 = try await store.setPrice(gtin: try Fixtures.gtin(7), to: Money(minor: 249, currency: .eur))
        return (v1, v2)
    }

    @Test("two devices behind by the same version get the same chunk bytes and ETag; the database is read once",
          arguments: TestBackend.allCases)
    func sameChunkOneRead(backend: TestBackend) async throws {
        try await backend.withStore { store in
            let (v1, v2) = try await Self.twoVersions(store)
            try await TestServer.with(store: store) { server in
                let first = try await server.token(store: "paris-11", device: "kiosk-1")
                let second = try await server.token(store: "paris-11", device: "kiosk-2")
                let poll = "/v1/catalog/deltas?since=\(v1.rawValue)&include=suggestions"
                let a = try await server.get(poll, token: first, headers: [("If-None-Match", v1.etag)])
                let b = try await server.get(poll, token: second, headers: [("If-None-Match", v1.etag)])
                #expect(a.status == 200 && b.status == 200)
                #expect(a.body == b.body && !a.body.isEmpty)
                let location = try #require(a.headers.first(name: "Content-Location"))
                #expect(location == b.headers.first(name: "Content-Location"))
                #expect(location == "/v1/catalog/deltas/\(v1.rawValue)/\(v2.rawValue)?include=suggestions&store=paris-11")
                let chunkA = try await server.get(location, token: first)
                let chunkB = try await server.get(location, token: second)
                #expect(chunkA.status == 200 && chunkB.status == 200)
                #expect(chunkA.body == a.body && chunkB.body == a.body)
                let etag = try #require(chunkA.headers.first(name: "ETag"))
                #expect(etag == chunkB.headers.first(name: "ETag") && !etag.hasPrefix("W/"))
                let metrics = try await server.metrics()
                #expect(metrics["selfscan_referential_delta_chunk_misses_total"] == 1)
                #expect(metrics["selfscan_referential_delta_chunk_hits_total"] == 3)
                #expect(metrics["selfscan_referential_delta_database_reads_total"] == 1)
            }
        }
    }

    @Test("devices of two stores behind by the same version: one chunk each, one database read", arguments: TestBackend.allCases)
    func storesShareOneRead(backend: TestBackend) async throws {
        try await backend.withStore { store in
            let (v1, _) = try await Self.twoVersions(store)
            try await TestServer.with(store: store) { server in
                let poll = "/v1/catalog/deltas?since=\(v1.rawValue)&include=suggestions"
                let paris = try await server.get(poll, token: try await server.token(store: "paris-11"))
                let lyonToken = try await server.token(store: "lyon-2")
                let lyon = try await server.get(poll, token: lyonToken)
                #expect(paris.status == 200 && lyon.status == 200)
                #expect(paris.headers.first(name: "Content-Location") != lyon.headers.first(name: "Content-Location"))
                let metrics = try await server.metrics()
                #expect(metrics["selfscan_referential_delta_chunk_misses_total"] == 2)
                #expect(metrics["selfscan_referential_delta_database_reads_total"] == 1)
            }
        }
    }

    @Test("two nodes over one database build byte-identical chunks", arguments: TestBackend.allCases)
    func nodesAgree(backend: TestBackend) async throws {
        try await backend.withStore { store in
            let (v1, v2) = try await Self.twoVersions(store)
            let path = "/v1/catalog/deltas/\(v1.rawValue)/\(v2.rawValue)?include=suggestions&store=lyon-2"
            try await TestServer.with(store: store) { one in
                let token = try await one.token(store: "lyon-2")
                let fromOne = try await one.get(path, token: token)
                try await TestServer.with(store: store) { two in
                    let fromTwo = try await two.get(path, token: token)
                    #expect(fromOne.status == 200 && fromTwo.status == 200)
                    #expect(fromOne.body == fromTwo.body)
                    #expect(fromOne.headers.first(name: "ETag") == fromTwo.headers.first(name: "ETag"))
                }
            }
        }
    }

    @Test("a chunk is public and immutable and answers 304 to its ETag; the poll stays no-cache",
          arguments: TestBackend.allCases)
    func cacheHeaders(backend: TestBackend) async throws {
        try await backend.withStore { store in
            let (v1, v2) = try await Self.twoVersions(store)
            try await TestServer.with(store: store) { server in
                let token = try await server.token(store: "nice-1")
                let poll = try await server.get("/v1/catalog/deltas?since=\(v1.rawValue)", token: token)
                #expect(poll.status == 200)
                let pollCache = try #require(poll.headers.first(name: "Cache-Control"))
                #expect(pollCache == "no-cache" && !pollCache.contains("immutable"))
                #expect(poll.headers.first(name: "ETag") == v2.etag)
                let location = try #require(poll.headers.first(name: "Content-Location"))
                #expect(location == "/v1/catalog/deltas/\(v1.rawValue)/\(v2.rawValue)")
                let chunk = try await server.get(location, token: token)
                let cache = try #require(chunk.headers.first(name: "Cache-Control"))
                #expect(cache.contains("immutable") && cache.contains("public") && cache.contains("max-age="))
                let etag = try #require(chunk.headers.first(name: "ETag"))
                #expect(etag != v2.etag)
                let again = try await server.get(location, token: token, headers: [("If-None-Match", etag)])
                #expect(again.status == 304 && again.body.isEmpty)
                #expect(again.headers.first(name: "ETag") == etag)
                // A chunk is still the same chunk after the catalog moves on (the node that holds it serves it).
                try await store.setPrice(gtin: try Fixtures.gtin(8), to: Money(minor: 3, currency: .eur))
                let held = try await server.get(location, token: token)
                #expect(held.status == 200 && held.body == chunk.body)
            }
        }
    }

    @Test("a chunk holding a loyalty customer's record is private: no shared cache may keep it", arguments: TestBackend.allCases)
    func customerChunksArePrivate(backend: TestBackend) async throws {
        try await backend.withStore { store in
            let v1 = try await store.publish(try Fixtures.products(1...5), note: "import")
            let v2 = try await store.publish([.customer(LoyaltyCustomer(id: "C-CHUNK", tier: .gold))], note: "crm")
            try await TestServer.with(store: store) { server in
                let token = try await server.token(store: "nice-1")
                let chunk = try await server.get("/v1/catalog/deltas/\(v1.rawValue)/\(v2.rawValue)", token: token)
                #expect(chunk.status == 200)
                let cache = try #require(chunk.headers.first(name: "Cache-Control"))
                #expect(cache.hasPrefix("private") && !cache.contains("public") && cache.contains("immutable"), "\(cache)")
                let etag = try #require(chunk.headers.first(name: "ETag"))
                let again = try await server.get(
                    "/v1/catalog/deltas/\(v1.rawValue)/\(v2.rawValue)", token: token, headers: [("If-None-Match", etag)])
                #expect(again.status == 304)
                #expect(again.headers.first(name: "Cache-Control")?.hasPrefix("private") == true)
            }
        }
    }

    @Test("after an erasure on this node, its chunk memory no longer serves the customer's record", arguments: TestBackend.allCases)
    func erasureEmptiesTheChunkMemory(backend: TestBackend) async throws {
        try await backend.withStore { store in
            let v1 = try await store.publish(try Fixtures.products(1...5), note: "import")
            let v2 = try await store.publish([.customer(LoyaltyCustomer(id: "C-ERASED", tier: .gold))], note: "crm")
            try await TestServer.with(store: store) { server in
                let token = try await server.token(store: "nice-1")
                let path = "/v1/catalog/deltas/\(v1.rawValue)/\(v2.rawValue)"
                let before = try await server.get(path, token: token)
                #expect(before.status == 200 && String(decoding: before.body, as: UTF8.self).contains("C-ERASED"))
                let admin = try await store.issueAdminToken(name: "dpo")
                #expect(try await server.raw("POST", "/v1/admin/customers/C-ERASED/erase", token: admin).status == 200)
                // Served from memory, the chunk would still carry the erased customer's record.
                let after = try await server.get(path, token: token)
                #expect(!String(decoding: after.body, as: UTF8.self).contains("C-ERASED"), "\(after.status)")
            }
        }
    }

    @Test("a chunk no node can cut any more says poll again; bad ranges and another store's chunk are refused",
          arguments: TestBackend.allCases)
    func supersededAndInvalid(backend: TestBackend) async throws {
        try await backend.withStore { store in
            let (v1, v2) = try await Self.twoVersions(store)
            let v3 = try await store.setPrice(gtin: try Fixtures.gtin(9), to: Money(minor: 4, currency: .eur))
            try await TestServer.with(store: store) { server in
                let token = try await server.token(store: "nice-1")
                let gone = try await server.raw("GET", "/v1/catalog/deltas/\(v1.rawValue)/\(v2.rawValue)", token: token)
                #expect(gone.status == 409 && gone.error?.error.code == .catalogVersionChanged)
                let beyond = try await server.raw("GET", "/v1/catalog/deltas/\(v1.rawValue)/\(v3.rawValue + 1)", token: token)
                #expect(beyond.status == 400 && beyond.error?.error.code == .unknownCatalogVersion)
                let backwards = try await server.raw("GET", "/v1/catalog/deltas/\(v3.rawValue)/\(v1.rawValue)", token: token)
                #expect(backwards.status == 400 && backwards.error?.error.code == .invalidRequest)
                let other = try await server.raw(
                    "GET", "/v1/catalog/deltas/\(v1.rawValue)/\(v3.rawValue)?include=suggestions&store=lyon-2", token: token)
                #expect(other.status == 403 && other.error?.error.code == .wrongStore)
                let current = try await server.raw("GET", "/v1/catalog/deltas/\(v1.rawValue)/\(v3.rawValue)", token: token)
                #expect(current.status == 200 && current.body.split(separator: 0x0A).count == 4)
            }
        }
    }

    @Test("a 304 poll writes no position row; a device that moves on is recorded once", arguments: TestBackend.allCases)
    func notModifiedPollWritesNothing(backend: TestBackend) async throws {
        try await backend.withStore { store in
            let (_, v2) = try await Self.twoVersions(store)
            try await TestServer.with(store: store) { server in
                let token = try await server.token(store: "nice-1")
                let poll = "/v1/catalog/deltas?since=\(v2.rawValue)"
                let first = try await server.get(poll, token: token, headers: [("If-None-Match", v2.etag)])
                #expect(first.status == 304)
                #expect(try await server.metrics()["selfscan_referential_catalog_position_writes_total"] == 1)
                for _ in 0..<5 {
                    let again = try await server.get(poll, token: token, headers: [("If-None-Match", v2.etag)])
                    #expect(again.status == 304)
                }
                let after = try await server.metrics()
                #expect(after["selfscan_referential_catalog_position_writes_total"] == 1)
                #expect(after["selfscan_referential_catalog_position_unchanged_total"] == 5)
                // The device moves on: its new position is written (erasure tombstones still get purged).
                let v3 = try await store.setPrice(gtin: try Fixtures.gtin(3), to: Money(minor: 6, currency: .eur))
                let moved = try await server.get("/v1/catalog/deltas?since=\(v3.rawValue)", token: token)
                #expect(moved.status == 304)
                #expect(try await server.metrics()["selfscan_referential_catalog_position_writes_total"] == 2)
            }
        }
    }
}

extension TestServer {
    /// A GET with its answer's headers.
    func get(
        _ path: String, token: String, headers: [(String, String)] = []
    ) async throws -> (status: Int, headers: HTTPHeaders, body: Data) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
        let data = Data(try await response.body.collect(upTo: 64 << 20).readableBytesView)
        return (Int(response.status.code), response.headers, data)
    }

    /// This node's `/v1/metrics` counters by name (scraped with the metrics token).
    func metrics() async throws -> [String: Int] {
        let answer = try await get(ReferentialEndpoints.metrics.path, token: TestServer.metricsToken)
        #expect(answer.status == 200)
        var values: [String: Int] = [:]
        for line in String(decoding: answer.body, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let value = Int(parts[1]) { values[String(parts[0])] = value }
        }
        return values
    }
}
