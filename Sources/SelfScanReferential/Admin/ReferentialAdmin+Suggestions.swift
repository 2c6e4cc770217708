public import Foundation
public import SelfScanAPI
public import SelfScanCore

extension ReferentialAdmin {
    /// Ingests closed baskets as if a device of `store` had sent them (a demo's history, an import of past
    /// baskets): each is counted for "often bought with" once, whatever the repeats.
    public func ingestBaskets(_ baskets: [ClosedBasketPayload], store: StoreID, device: DeviceID) async throws -> Int {
        let items = try baskets.map { basket in
            IngestItem(
                id: "history-\(basket.sessionID)", kind: .closedBasket, storeID: store.rawValue,
                orderingKey: basket.sessionID, sequence: 1, createdAt: basket.closedAt,
                payload: try ProtocolJSON.value(of: basket))
        }
        return try await withStore { referential in
            var accepted = 0
            for start in stride(from: 0, to: items.count, by: IngestBatch.maxItems) {
                let batch = Array(items[start..<min(start + IngestBatch.maxItems, items.count)])
                let results = try await referential.ingest(batch, from: DeviceIdentity(storeID: store, deviceID: device))
                accepted += results.filter { $0.outcome == .accepted }.count
            }
            return accepted
        }
    }

    /// Gives a personal offer to the consenting customers who bought one of `products` in the last `days` days
    /// (and takes it from those who no longer do): `selfscan referential target-offer`.
    public func targetOffer(
        _ promotion: PromotionID, boughtAnyOf products: Set<ProductID>, withinDays days: Int, now: Date = Date()
    ) async throws -> OfferTargetingResult {
        guard (1...366).contains(days) else {
            throw ReferentialError(.invalidImport, "the window is \(days) days: give 1 to 366")
        }
        let since = now.addingTimeInterval(-Double(days) * 86_400)
        return try await withStore {
            try await $0.targetOffer(OfferTargeting(promotion: promotion, boughtAnyOf: products, since: since))
        }
    }

    /// Publishes the suggestions of what changed (`POST /v1/admin/suggestions/publish`).
    public func publishSuggestions() async throws -> SuggestionPublishResult {
        try await withStore { try await $0.publishSuggestions() }
    }
}
