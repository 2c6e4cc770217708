import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import Testing

/// "2nd coffee −50 % if you bought a coffee machine this month" (issue 18 #5): the referential's segment run gives
/// the personal offer to the consenting customers whose baskets of the window hold the machine, takes it from those
/// who no longer qualify, and publishes only the changed customer records — on SQLite and PostgreSQL.
@Suite("Referential: personal offers targeted on the basket history")
struct OfferTargetingTests {
    static let machine: ProductID = "P1"
    static let coffee: ProductID = "P2"
    static let offerID: PromotionID = "OFFER-2ND-COFFEE"
    static let now = Fixtures.day()
    static let shop: StoreID = "caen-1"

    static func offer() -> Promotion {
        Promotion(id: offerID, name: "2e café −50 %", kind: .percentOff(basisPoints: 5000), eligibility: .personalOffer)
    }

    static func customer(_ id: String, consent: Bool = true, offers: [PromotionID] = []) -> CatalogRecord {
        .customer(LoyaltyCustomer(id: CustomerID(id), personalOffers: offers, personalOffersConsent: consent))
    }

    static func basket(customer: String?, products: [ProductID], daysAgo: Double) throws -> IngestItem {
        let session = UUID().uuidString
        let closedAt = now.addingTimeInterval(-daysAgo * 86_400)
        let payload = ClosedBasketPayload(
            sessionID: session, closedAt: closedAt, total: Money(minor: 9_900, currency: .eur),
            lineCount: products.count, customerID: customer, products: products.map(\.rawValue))
        return IngestItem(
            id: "closed-\(session)", kind: .closedBasket, storeID: shop.rawValue, orderingKey: session, sequence: 1,
            createdAt: closedAt, payload: try ProtocolJSON.value(of: payload))
    }

    static func offers(of id: String, in records: [CatalogRecord]) -> [PromotionID]? {
        for record in records {
            if case .customer(let customer) = record, customer.id.rawValue == id { return customer.personalOffers }
        }
        return nil
    }

    @Test("the segment is exact: bought in the window and consented; a repeat changes nothing; the delta carries only the changed customers",
          arguments: TestBackend.allCases)
    func segmentRun(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await store.createStore(StoreRecord(id: Self.shop, name: "Caen", priceConflictRule: .chargeScanPrice))
            _ = try await store.publish(
                try Fixtures.products(1...3) + [
                    .promotion(Self.offer()),
                    Self.customer("C-RECENT"), Self.customer("C-OLD"), Self.customer("C-NO-CONSENT", consent: false),
                    Self.customer("C-COFFEE-ONLY"), Self.customer("C-HELD", offers: [Self.offerID]),
                    Self.customer("C-IDLE"),
                ], note: "crm")
            let device = DeviceIdentity(storeID: Self.shop, deviceID: "kiosk-1")
            _ = try await store.ingest(
                [
                    try Self.basket(customer: "C-RECENT", products: [Self.machine, "P3"], daysAgo: 10),
                    try Self.basket(customer: "C-OLD", products: [Self.machine], daysAgo: 40),
                    try Self.basket(customer: "C-NO-CONSENT", products: [Self.machine], daysAgo: 5),
                    try Self.basket(customer: "C-COFFEE-ONLY", products: [Self.coffee], daysAgo: 2),
                    try Self.basket(customer: nil, products: [Self.machine], daysAgo: 1),
                    try Self.basket(customer: "C-HELD", products: ["P3"], daysAgo: 3),
                ], from: device)
            let before = try await store.currentCatalogVersion()
            let targeting = OfferTargeting(
                promotion: Self.offerID, boughtAnyOf: [Self.machine], since: Self.now.addingTimeInterval(-30 * 86_400))

            let run = try await store.targetOffer(targeting)
            #expect(run.qualifying == 1 && run.added == 1 && run.removed == 1, "\(run)")
            #expect(run.catalogVersion.rawValue == before.rawValue + 1)
            let delta = try await store.catalog(since: before)
            #expect(Self.offers(of: "C-RECENT", in: delta.records) == [Self.offerID])
            #expect(Self.offers(of: "C-HELD", in: delta.records) == [])
            for untouched in ["C-OLD", "C-NO-CONSENT", "C-COFFEE-ONLY", "C-IDLE"] {
                #expect(Self.offers(of: untouched, in: delta.records) == nil, "\(untouched) is not republished")
            }
            #expect(delta.records.allSatisfy { if case .customer = $0 { true } else { false } })

            // The run is a refresh: again, nothing changes and no version is spent.
            let again = try await store.targetOffer(targeting)
            #expect(again.qualifying == 1 && again.added == 0 && again.removed == 0)
            #expect(again.catalogVersion == run.catalogVersion)

            // A wider window takes in the older buyer too.
            let wider = try await store.targetOffer(
                OfferTargeting(promotion: Self.offerID, boughtAnyOf: [Self.machine], since: Self.now.addingTimeInterval(-60 * 86_400)))
            #expect(wider.qualifying == 2 && wider.added == 1 && wider.removed == 0, "\(wider)")
        }
    }

    @Test("a promotion that is not a personal offer, or unknown, is refused and nothing changes", arguments: TestBackend.allCases)
    func refusesWhatIsNotAPersonalOffer(backend: TestBackend) async throws {
        try await backend.withStore { store in
            let everyone = Promotion(id: "PROMO-ALL", name: "−10 %", kind: .percentOff(basisPoints: 1000), eligibility: .everyone)
            _ = try await store.publish(try Fixtures.products(1...1) + [.promotion(everyone), Self.customer("C-1")], note: "crm")
            let before = try await store.currentCatalogVersion()
            for promotion in ["PROMO-ALL", "PROMO-NOWHERE"] {
                await #expect(throws: ReferentialError.self) {
                    _ = try await store.targetOffer(
                        OfferTargeting(promotion: PromotionID(promotion), boughtAnyOf: [Self.machine], since: Self.now))
                }
                do {
                    _ = try await store.targetOffer(
                        OfferTargeting(promotion: PromotionID(promotion), boughtAnyOf: [Self.machine], since: Self.now))
                } catch let error as ReferentialError {
                    #expect(error.code == .unknownPersonalOffer)
                }
            }
            #expect(try await store.currentCatalogVersion() == before)
        }
    }
}
