import SelfScanCore
import SelfScanReferential
import Testing

/// The GTIN → product table kept beside the catalog records: a publish replaces the GTINs of the products it
/// carries, and a GTIN that moves to another product follows it.
@Suite("Referential: GTIN index on publish")
struct GTINIndexTests {
    static func product(_ id: String, gtins: [GTIN]) -> Product {
        Product(
            id: ProductID(id), gtins: gtins, name: "Product \(id)",
            pricing: .unit(Money(minor: 250, currency: .eur)), vatRate: .frReduced)
    }

    @Test("a GTIN dropped by its product stops finding it; a GTIN moved to another product finds the new one",
        arguments: TestBackend.allCases)
    func gtinsFollowTheirProduct(backend: TestBackend) async throws {
        let (first, second, third) = (try Fixtures.gtin(9001), try Fixtures.gtin(9002), try Fixtures.gtin(9003))
        try await backend.withStore { store in
            _ = try await store.publish(
                [.product(Self.product("PA", gtins: [first, second])), .product(Self.product("PB", gtins: [third]))],
                note: "v1")
            #expect(try await store.product(gtin: second)?.id == "PA")
            // PA gives `second` up; PB takes it and keeps `third`.
            _ = try await store.publish(
                [.product(Self.product("PA", gtins: [first])), .product(Self.product("PB", gtins: [second, third]))],
                note: "v2")
            #expect(try await store.product(gtin: first)?.id == "PA")
            #expect(try await store.product(gtin: second)?.id == "PB")
            #expect(try await store.product(gtin: third)?.id == "PB")
            // Deleted: its GTINs find nothing.
            _ = try await store.publish([.deleteProduct("PA")], note: "v3")
            #expect(try await store.product(gtin: first) == nil)
            #expect(try await store.product(gtin: second)?.id == "PB")
        }
    }
}
