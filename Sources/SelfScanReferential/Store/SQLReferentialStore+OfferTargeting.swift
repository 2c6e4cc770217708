public import Foundation
public import SelfScanAPI
public import SelfScanCore

/// A personal offer's segment: the customers who bought one of `boughtAnyOf` (in any store of the chain) since
/// `since` — "2nd coffee −50 % if you bought a coffee machine this month". The in-store context of the offer
/// (store, time of day, what is in the basket) stays in its `conditions`, evaluated by the core at the till.
public struct OfferTargeting: Sendable, Hashable {
    public let promotion: PromotionID
    public let boughtAnyOf: Set<ProductID>
    public let since: Date

    public init(promotion: PromotionID, boughtAnyOf: Set<ProductID>, since: Date) {
        self.promotion = promotion
        self.boughtAnyOf = boughtAnyOf
        self.since = since
    }
}

/// What one targeting run did.
public struct OfferTargetingResult: Sendable, Hashable, Codable {
    /// The catalog version after the run (unchanged when no customer record changed).
    public let catalogVersion: CatalogVersion
    /// Consenting customers in the segment (holding the offer after the run).
    public let qualifying: Int
    /// Customers given the offer by this run.
    public let added: Int
    /// Customers who held it and no longer qualify (taken back).
    public let removed: Int

    public init(catalogVersion: CatalogVersion, qualifying: Int, added: Int, removed: Int) {
        self.catalogVersion = catalogVersion
        self.qualifying = qualifying
        self.added = added
        self.removed = removed
    }
}

/// The segment run of a CRM, on the referential's own basket history: a personal offer is given to the customers
/// who qualify and who consented to personal offers (RGPD: targeting on purchases is profiling, so without consent
/// a customer is never put in a segment), and taken from those who held it and no longer qualify. The changed
/// customer records are published under one new catalog version, so they reach the stores in the next delta;
/// what travels is only the offer's id in the customer's list, never the purchases that qualified them.
extension SQLReferentialStore {
    public func targetOffer(_ targeting: OfferTargeting) async throws -> OfferTargetingResult {
        guard !targeting.boughtAnyOf.isEmpty else {
            throw ReferentialError(.invalidImport, "a targeting needs at least one product bought")
        }
        return try await backend.transaction { session in
            // Catalog writers wait for this run (and it for them): the records read below stay the latest.
            try await session.rows("UPDATE catalog_head SET version = version WHERE id = 1")
            let promotionRows = try await session.rows(
                """
                SELECT document FROM catalog_records WHERE record_type = 'promotion'
                    AND record_key = \(targeting.promotion.rawValue) AND deleted = 0
                """)
            guard let row = promotionRows.first,
                case .promotion(let promotion) = try RowDecoding.record(try RowDecoding.text(row, 0)),
                promotion.eligibility == .personalOffer
            else {
                throw ReferentialError(
                    .unknownPersonalOffer,
                    "\(targeting.promotion.rawValue) is not a personal offer of the catalog "
                        + "(a promotion with eligibility personalOffer)")
            }
            let buyers = try await Self.buyers(of: targeting.boughtAnyOf, since: targeting.since, in: session)
            let candidates = try await Self.customers(
                keys: buyers.sorted(), holdingOffer: targeting.promotion, in: session)
            var changed: [StoredRecord] = []
            var (qualifying, added, removed) = (0, 0, 0)
            for customer in candidates {
                let qualifies = customer.personalOffersConsent && buyers.contains(customer.id.rawValue)
                let holds = customer.personalOffers.contains(targeting.promotion)
                if qualifies { qualifying += 1 }
                guard qualifies != holds else { continue }
                let offers = qualifies
                    ? customer.personalOffers + [targeting.promotion]
                    : customer.personalOffers.filter { $0 != targeting.promotion }
                if qualifies { added += 1 } else { removed += 1 }
                changed.append(try StoredRecord(.customer(customer.withPersonalOffers(offers))))
            }
            let version = try await Self.publish(changed, note: "target-offer \(targeting.promotion.rawValue)", in: session)
            return OfferTargetingResult(catalogVersion: version, qualifying: qualifying, added: added, removed: removed)
        }
    }

    /// Customer ids of the closed baskets since `since` holding one of `products` (the `closedBasket` payloads the
    /// referential keeps; baskets without a customer or a product list are not counted).
    static func buyers(of products: Set<ProductID>, since: Date, in session: any SQLSession) async throws -> Set<String> {
        // `created_at` is the basket's ISO 8601 time as the device sent it: a day's margin for formats that sort
        // differently, then the payload's own `closedAt` decides.
        let rows = try await session.rows(
            """
            SELECT payload FROM ingest_items WHERE kind = \(IngestKind.closedBasket.rawValue)
                AND created_at >= \(ProtocolJSON.text(of: since.addingTimeInterval(-86_400)))
            """)
        let wanted = Set(products.map(\.rawValue))
        var buyers = Set<String>()
        let decoder = ProtocolJSON.decoder()
        for row in rows {
            let text = try RowDecoding.text(row, 0)
            guard let basket = try? decoder.decode(ClosedBasketPayload.self, from: Data(text.utf8)) else {
                throw RowDecoding.corrupt("closedBasket payload \(text.prefix(80))")
            }
            guard let customer = basket.customerID, basket.closedAt >= since,
                basket.products?.contains(where: wanted.contains) == true
            else { continue }
            buyers.insert(customer)
        }
        return buyers
    }

    /// The live customer records of `keys`, and every customer record that lists `offer` (a text prefilter on the
    /// document, then decoded: the referential keeps no index of offers per customer).
    static func customers(
        keys: [String], holdingOffer offer: PromotionID, in session: any SQLSession
    ) async throws -> [LoyaltyCustomer] {
        var found: [String: LoyaltyCustomer] = [:]
        func collect(_ rows: [[SQLValue]]) throws {
            for row in rows {
                if case .customer(let customer) = try RowDecoding.record(try RowDecoding.text(row, 0)) {
                    found[customer.id.rawValue] = customer
                }
            }
        }
        for chunk in chunks(keys) {
            try collect(
                try await session.rows(
                    """
                    SELECT document FROM catalog_records
                    WHERE record_type = 'customer' AND deleted = 0
                        AND record_key IN \(list: chunk)
                    """))
        }
        let quoted = String(decoding: try ProtocolJSON.encoder().encode(offer.rawValue), as: UTF8.self)
        let pattern = "%" + quoted.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
        try collect(
            try await session.rows(
                """
                SELECT document FROM catalog_records WHERE record_type = 'customer' AND deleted = 0
                    AND document LIKE \(pattern) ESCAPE '\\'
                """
            ))
        return found.values.sorted { $0.id.rawValue < $1.id.rawValue }
    }
}

extension LoyaltyCustomer {
    /// The same customer with another list of personal offers.
    func withPersonalOffers(_ offers: [PromotionID]) -> LoyaltyCustomer {
        LoyaltyCustomer(
            id: id, cardCodes: cardCodes, cardHashes: cardHashes, tier: tier, personalOffers: offers,
            personalOffersConsent: personalOffersConsent, auditRisk: auditRisk)
    }
}
