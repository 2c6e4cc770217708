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
    /// Never set by this daemon: a closed basket carries no card number (docs/privacy.md). Kept for older
    /// daemons' payloads.
    public var loyaltyCard: String?
    /// The pseudonymous id of the loyalty customer who identified the shopper, if any (the referential knows
    /// the customer by it; an erasure replaces it with a random token).
    public var customerID: String?
    /// The distinct product ids of the basket's item lines (deposits and voided lines left out), in id order:
    /// the referential counts them for "often bought with" (absent from daemons of earlier releases).
    public var products: [String]?

    public init(
        sessionID: String, closedAt: Date, total: Money, lineCount: Int, loyaltyCard: String? = nil,
        customerID: String? = nil, products: [String]? = nil
    ) {
        self.products = products
        self.sessionID = sessionID
        self.closedAt = closedAt
        self.total = total
        self.lineCount = lineCount
        self.loyaltyCard = loyaltyCard
        self.customerID = customerID
    }
}
