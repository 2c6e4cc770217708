public import Foundation
public import SelfScanCore

/// Payload of a `closedBasket` item: what the referential lists and totals.
public struct ClosedBasketPayload: Sendable, Hashable, Codable {
    /// The session (basket) id.
    public var sessionID: String
    public var closedAt: Date
    /// Amount due, VAT and discounts included.
    public var total: Money
    public var lineCount: Int
    /// Loyalty card of the shopper, if any.
    public var loyaltyCard: String?

    public init(sessionID: String, closedAt: Date, total: Money, lineCount: Int, loyaltyCard: String? = nil) {
        self.sessionID = sessionID
        self.closedAt = closedAt
        self.total = total
        self.lineCount = lineCount
        self.loyaltyCard = loyaltyCard
    }
}
