public import Foundation
public import SelfScanCore

/// Payload of a `closedBasket` item: what the referential lists and totals.
public struct ClosedBasketPayload: Sendable, Hashable, Codable {
    public var basketID: UUID
    public var closedAt: Date
    /// Amount due, VAT and discounts included.
    public var total: Money
    public var lineCount: Int
    /// Optional loyalty card of the shopper.
    public var loyaltyCard: String?

    public init(basketID: UUID, closedAt: Date, total: Money, lineCount: Int, loyaltyCard: String? = nil) {
        self.basketID = basketID
        self.closedAt = closedAt
        self.total = total
        self.lineCount = lineCount
        self.loyaltyCard = loyaltyCard
    }
}

/// Payload of a `payment` item: only what the terminal returns, never card data.
public struct PaymentPayload: Sendable, Hashable, Codable {
    public var paymentID: UUID
    public var basketID: UUID
    public var amount: Money
    /// Card scheme or method, e.g. `CB`, `VISA`, `cash`.
    public var scheme: String
    /// Last 4 digits of the masked PAN, when a card paid.
    public var panLast4: String?
    public var authorisationCode: String?
    public var terminalTransactionID: String?
    public var paidAt: Date

    public init(
        paymentID: UUID, basketID: UUID, amount: Money, scheme: String, panLast4: String? = nil,
        authorisationCode: String? = nil, terminalTransactionID: String? = nil, paidAt: Date
    ) {
        self.paymentID = paymentID
        self.basketID = basketID
        self.amount = amount
        self.scheme = scheme
        self.panLast4 = panLast4
        self.authorisationCode = authorisationCode
        self.terminalTransactionID = terminalTransactionID
        self.paidAt = paidAt
    }
}
