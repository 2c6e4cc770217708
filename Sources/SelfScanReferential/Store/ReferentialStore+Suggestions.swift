public import SelfScanAPI
public import SelfScanCore

/// Defaults for stores without suggestions or customers' receipts (test doubles): they refuse or know nothing.
extension ReferentialStore {
    public func publishSuggestions() async throws -> SuggestionPublishResult {
        throw ReferentialError(.database, "this store does not support suggestions")
    }

    public func cooccurrence(store: StoreID?) async throws -> BasketCooccurrence { BasketCooccurrence() }

    public func insertCustomerToken(hash: String, customer: CustomerID) async throws {
        throw ReferentialError(.database, "this store does not support customer tokens")
    }

    public func customer(forTokenHash hash: String) async throws -> CustomerID? { nil }

    public func receipts(customer: CustomerID) async throws -> [CustomerReceiptSummary] { [] }

    public func receipt(customer: CustomerID, store: StoreID, session: String) async throws -> String? { nil }

    public func targetOffer(_ targeting: OfferTargeting) async throws -> OfferTargetingResult {
        throw ReferentialError(.database, "this store does not support offer targeting")
    }

    /// Issues a bearer token for the customer's own routes (`/v1/me/…`): returned once, only its hash is kept.
    public func issueCustomerToken(customer: CustomerID) async throws -> String {
        let token = DeviceToken.generate()
        try await insertCustomerToken(hash: DeviceToken.hash(token), customer: customer)
        return token
    }
}
