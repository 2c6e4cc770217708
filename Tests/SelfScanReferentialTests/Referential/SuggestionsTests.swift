import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import SelfScanSync
import Testing

/// "Often bought with" at the referential (issue 18 #3), on SQLite and PostgreSQL: counts kept incrementally at
/// ingest over HTTP, on a generated basket history whose support and confidence are known by construction; the
/// `suggestions` records a publish puts in the next delta; compatibility with readers that do not ask for them.
@Suite("Referential: co-occurrence counts and the suggestions delta")
struct SuggestionsTests {
    static let bread: ProductID = "P1"
    static let coffee: ProductID = "P2"
    static let milk: ProductID = "P3"
    static let pasta: ProductID = "P4"

    /// Basket i: bread always; coffee when i % 4 == 0; milk when i % 5 == 0; pasta when i is even. Over 0..<200:
    /// 50 coffee, 40 milk, 100 pasta baskets; coffee ∧ milk in 10 (i % 20 == 0), coffee ∧ pasta in 50.
    static func basket(_ i: Int) -> [ProductID] {
        var products: [ProductID] = [bread]
        if i % 4 == 0 { products.append(coffee) }
        if i % 5 == 0 { products.append(milk) }
        if i % 2 == 0 { products.append(pasta) }
        return products
    }

    static func expected(_ range: Range<Int>) -> BasketCooccurrence {
        var counts = BasketCooccurrence()
        for i in range { counts.add(basket: basket(i)) }
        return counts
    }

    static func items(_ range: Range<Int>, store: String) throws -> [IngestItem] {
        try range.map { i in
            let session = "\(store)-basket-\(i)"
            let payload = ClosedBasketPayload(
                sessionID: session, closedAt: Fixtures.day(), total: Money(minor: 500, currency: .eur),
                lineCount: basket(i).count, products: basket(i).map(\.rawValue))
            return IngestItem(
                id: "closed-\(session)", kind: .closedBasket, storeID: store, orderingKey: session, sequence: 1,
                createdAt: Fixtures.day(), payload: try ProtocolJSON.value(of: payload))
        }
    }

    static func suggestions(_ records: [CatalogRecord]) -> [String: ProductSuggestions] {
        Dictionary(
            records.compactMap { if case .suggestions(let value) = $0 { (value.key, value) } else { nil } },
            uniquingKeysWith: { _, last in last })
    }

    static func complement(_ record: ProductSuggestions?, _ id: ProductID) -> ProductSuggestion? {
        record?.complements.first { $0.productID == id }
    }

    @Test("counts are incremental and exact (replays add nothing); a publish puts the rules in the delta, per store and chain-wide", arguments: TestBackend.allCases)
    func countsAndDelta(backend: TestBackend) async throws {
        try await backend.withStore { store in
            _ = try await store.publish(try Fixtures.products(1...4), note: "catalog")
            try await TestServer.with(store: store) { server in
                let caen = server.client(token: try await server.token(store: "caen-1", device: "kiosk-1"))
                let rouen = server.client(token: try await server.token(store: "rouen-1", device: "kiosk-1"))
                // Caen: two batches and a replay of the first; Rouen: one batch.
                let first = try await caen.ingest(IngestBatch(storeID: "caen-1", items: try Self.items(0..<60, store: "caen-1")))
                #expect(first.results.allSatisfy { $0.outcome == .accepted })
                _ = try await caen.ingest(IngestBatch(storeID: "caen-1", items: try Self.items(60..<120, store: "caen-1")))
                let replay = try await caen.ingest(IngestBatch(storeID: "caen-1", items: try Self.items(0..<60, store: "caen-1")))
                #expect(replay.results.allSatisfy { $0.outcome == .duplicate })
                _ = try await rouen.ingest(IngestBatch(storeID: "rouen-1", items: try Self.items(120..<200, store: "rouen-1")))

                #expect(try await store.cooccurrence(store: "caen-1") == Self.expected(0..<120))
                #expect(try await store.cooccurrence(store: "rouen-1") == Self.expected(120..<200))
                let chain = try await store.cooccurrence(store: nil)
                #expect(chain == Self.expected(0..<200))
                let rule = try #require(chain.rule(Self.coffee, Self.milk))
                #expect(rule.together == 10 && rule.supportBasisPoints == 500 && rule.confidenceBasisPoints == 2000)

                let before = try await store.currentCatalogVersion()
                let published = try await store.publishSuggestions()
                #expect(published.catalogVersion.rawValue == before.rawValue + 1)
                #expect(published.published > 0)

                // Caen's delta (it asks for suggestions): Caen's records and the chain's, never Rouen's.
                let delta = try #require(try await caen.catalogDelta(since: before))
                let records = Self.suggestions(delta.records)
                #expect(!records.isEmpty)
                #expect(records.values.allSatisfy { $0.storeID == nil || $0.storeID == "caen-1" })
                let caenCoffee = try #require(records["P2@caen-1"])
                let expectedCaen = try #require(Self.expected(0..<120).rule(Self.coffee, Self.milk))
                #expect(caenCoffee.basketCount == 120)
                let caenMilk = try #require(Self.complement(caenCoffee, Self.milk))
                #expect(caenMilk.reason == .boughtTogether)
                #expect(caenMilk.together == expectedCaen.together)
                #expect(caenMilk.supportBasisPoints == expectedCaen.supportBasisPoints)
                #expect(caenMilk.confidenceBasisPoints == expectedCaen.confidenceBasisPoints)
                // Coffee → bread and coffee → pasta are certain (bread is in every basket, every coffee basket is
                // even): best first, ties by product id; milk after them.
                #expect(caenCoffee.complements.map { $0.productID } == [Self.bread, Self.pasta, Self.milk])
                #expect(caenCoffee.complements.prefix(2).allSatisfy { $0.confidenceBasisPoints == 10_000 })
                let chainCoffee = try #require(records["P2@*"])
                #expect(chainCoffee.basketCount == 200)
                let chainMilk = try #require(Self.complement(chainCoffee, Self.milk))
                #expect(chainMilk.together == 10 && chainMilk.supportBasisPoints == 500 && chainMilk.confidenceBasisPoints == 2000)

                // A reader of an earlier release (no include=suggestions) never receives the new record type.
                let plain = try await server.raw(
                    "GET", "/v1/catalog/deltas?since=\(before.rawValue)", token: try await server.token(store: "caen-1", device: "old"))
                #expect(plain.status == 200)
                #expect(!String(decoding: plain.body, as: UTF8.self).contains(#""type":"suggestions""#))

                // Nothing changed: no new version. One more basket: only its products are recomputed.
                let idle = try await store.publishSuggestions()
                #expect(idle.catalogVersion == published.catalogVersion && idle.published == 0 && idle.computed == 0)
                _ = try await caen.ingest(IngestBatch(storeID: "caen-1", items: try Self.items(200..<201, store: "caen-1")))
                let next = try await store.publishSuggestions()
                // Basket 200 holds bread, coffee, milk, pasta: 4 products, in Caen and chain-wide.
                #expect(next.computed == 8)
                let later = try #require(try await caen.catalogDelta(since: published.catalogVersion))
                let moved = Self.suggestions(later.records)
                #expect(Self.complement(moved["P2@caen-1"], Self.milk)?.together == expectedCaen.together + 1)
                #expect(moved["P2@caen-1"]?.basketCount == 121)
            }
        }
    }

    @Test("substitutes: same category, close unit price, in stock in the store; explicit links first", arguments: TestBackend.allCases)
    func substitutesFollowStock(backend: TestBackend) async throws {
        try await backend.withStore { store in
            func pasta(_ id: ProductID, _ minor: Int64, gtin: Int, links: [ProductID] = []) throws -> Product {
                Product(
                    id: id, gtins: [try Fixtures.gtin(gtin)], name: id.rawValue,
                    pricing: .unit(Money(minor: minor, currency: .eur)), vatRate: .frReduced,
                    attributes: ProductAttributes(
                        department: "Épicerie", category: "Pâtes", netContent: NetContent(unit: .kilogram, quantity: 500),
                        links: ProductLinks(substitutes: links)))
            }
            var records: [CatalogRecord] = [
                .product(try pasta("PATES-A", 100, gtin: 11)), .product(try pasta("PATES-B", 110, gtin: 12)),
                .product(try pasta("PATES-C", 95, gtin: 13)), .product(try pasta("PATES-LUXE", 400, gtin: 14)),
            ]
            for id in ["PATES-A", "PATES-B", "PATES-C", "PATES-LUXE"] {
                records.append(
                    .stock(StockLevel(productID: ProductID(id), storeID: "caen-1", quantity: id == "PATES-C" ? 0 : 5)))
            }
            _ = try await store.publish(records, note: "pasta")
            let first = try await store.publishSuggestions()
            let found = Self.suggestions(try await store.catalog(since: nil).records)
            // In Caen: B (10 % dearer) is on hand, C (closer) is not, LUXE is too dear.
            #expect(found["PATES-A@caen-1"]?.substitutes.map { $0.productID } == ["PATES-B"])
            #expect(found["PATES-A@caen-1"]?.substitutes.first?.reason == .sameCategory)
            // Chain-wide: on hand somewhere (C is nowhere).
            #expect(found["PATES-A@*"]?.substitutes.map { $0.productID } == ["PATES-B"])
            // C comes back in Caen: the category is recomputed for Caen.
            _ = try await store.publish([.stock(StockLevel(productID: "PATES-C", storeID: "caen-1", quantity: 3))], note: "stock")
            let second = try await store.publishSuggestions()
            #expect(second.catalogVersion > first.catalogVersion)
            let after = Self.suggestions(try await store.catalog(since: nil).records)
            #expect(after["PATES-A@caen-1"]?.substitutes.map { $0.productID } == ["PATES-C", "PATES-B"])
        }
    }
}
