import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import Testing

/// Issue 16 #3: the referential streams a snapshot page by page from keyset ranges (never the whole catalog in
/// memory); the bytes are those of the one-query path it replaced.
@Suite("Referential: catalog snapshot streamed in pages")
struct SnapshotPagingTests {
    /// Products, promotions, customers (their cards add a card-hash key record), stock levels and a deletion:
    /// every record group of the snapshot order.
    static func publishMixedCatalog(_ store: any ReferentialStore, products: Int) async throws {
        let offer = Promotion(
            id: "OFFER-COFFEE", name: "-20 % café", kind: .percentOff(basisPoints: 2000), eligibility: .personalOffer,
            validity: .always)
        var records = try Fixtures.products(1...products)
        records += [.promotion(offer)]
        records += (1...5).map { number in
            .customer(LoyaltyCustomer(id: CustomerID("C-\(number)"), cardCodes: ["29000000000\(10 + number)"], tier: .gold))
        }
        records += (1...30).flatMap { number in
            ["lyon-2", "nice-1"].map { store in
                CatalogRecord.stock(StockLevel(productID: ProductID("P\(number)"), storeID: StoreID(store), quantity: number))
            }
        }
        _ = try await store.publish(records, note: "mixed")
        _ = try await store.publish([.deleteProduct("P5")], note: "delete")
    }

    /// The snapshot as the one-query path wrote it: the whole extract, encoded in one go.
    static func oneQuerySnapshot(_ store: any ReferentialStore) async throws -> (body: Data, lines: [Data], trailer: Data) {
        let extract = try await store.catalog(since: nil)
        var encoder = CatalogLineEncoder(
            header: .snapshot(version: extract.version, currency: extract.currency, createdAt: extract.publishedAt))
        var body = try encoder.headerLine()
        var lines: [Data] = []
        for record in extract.records { lines.append(try encoder.line(for: record)) }
        for line in lines { body.append(line) }
        let trailer = encoder.trailerLine().line
        body.append(trailer)
        return (body, lines, trailer)
    }

    @Test("pages of 7 records walk exactly the one-query extract's records, in its order", arguments: TestBackend.allCases)
    func pagesEqualTheExtract(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await Self.publishMixedCatalog(store, products: 400)
            let extract = try await store.catalog(since: nil)
            var paged: [CatalogRecord] = []
            var page = try await store.catalogSnapshotPage(after: nil, limit: 7)
            var pages = 1
            while true {
                #expect(page.records.count <= 7)
                #expect(page.version == extract.version)
                paged += page.records
                guard let next = page.next else { break }
                page = try await store.catalogSnapshotPage(after: next, limit: 7)
                pages += 1
            }
            #expect(paged.count == extract.records.count)
            #expect(paged == extract.records)
            #expect(pages >= extract.records.count / 7)
            #expect(!paged.contains(.product(try Fixtures.product(5))))
        }
    }

    @Test("GET /v1/catalog/snapshot of 2,500 products (3 pages) is byte-identical to the one-query path; a resume too", arguments: TestBackend.allCases)
    func httpSnapshotIsByteIdentical(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await Self.publishMixedCatalog(store, products: 2_500)
            let expected = try await Self.oneQuerySnapshot(store)
            try await TestServer.with(store: store) { server in
                let token = try await server.token(store: "lyon-2")
                let answer = try await server.raw("GET", "/v1/catalog/snapshot", token: token)
                #expect(answer.status == 200)
                #expect(answer.body.count == expected.body.count)
                #expect(answer.body == expected.body)
                let version = try await store.currentCatalogVersion()
                let resumed = try await server.raw(
                    "GET", "/v1/catalog/snapshot?after=1500&version=\(version.rawValue)", token: token)
                #expect(resumed.status == 200)
                #expect(resumed.body == Data(expected.lines.dropFirst(1500).joined()) + expected.trailer)
            }
        }
    }
}
