public import SelfScanCore

/// `GET /v1/sessions/{id}/suggestion`: at most one product to suggest after the last scan, explained. The kiosk
/// asks after it has shown the scan's answer (the scan never waits for it).
public struct SuggestionView: Sendable, Hashable, Codable {
    /// The suggested product and why.
    public struct Suggestion: Sendable, Hashable, Codable {
        public let productID: String
        public let gtin: String?
        public let name: String
        public let price: Money
        /// `boughtTogether` or `catalogLink` (`SuggestionReason`).
        public let reason: String
        /// The scanned product it goes with.
        public let withProductID: String
        public let withName: String
        /// `boughtTogether`: baskets holding both ÷ baskets holding the scanned product, in whole percent
        /// (rounded down): "bought together in 23 % of baskets with X".
        public let confidencePercent: Int?
        /// `boughtTogether`: baskets holding both ÷ all baskets counted, in basis points.
        public let supportBasisPoints: Int?
        /// `boughtTogether`: baskets holding both.
        public let together: Int64?
        /// `store` (this store's baskets) or `chain` (every store's).
        public let scope: String
        /// The explanation in English ("bought together in 23 % of baskets with Café moulu 250 g"); pages
        /// translate from the fields above.
        public let explanation: String

        public init(
            productID: String, gtin: String?, name: String, price: Money, reason: String, withProductID: String,
            withName: String, confidencePercent: Int?, supportBasisPoints: Int?, together: Int64?, scope: String,
            explanation: String
        ) {
            self.productID = productID
            self.gtin = gtin
            self.name = name
            self.price = price
            self.reason = reason
            self.withProductID = withProductID
            self.withName = withName
            self.confidencePercent = confidencePercent
            self.supportBasisPoints = supportBasisPoints
            self.together = together
            self.scope = scope
            self.explanation = explanation
        }
    }

    /// `nil` when there is nothing worth suggesting.
    public let suggestion: Suggestion?

    public init(suggestion: Suggestion?) { self.suggestion = suggestion }
}
