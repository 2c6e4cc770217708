public import Foundation
public import SelfScanCore

/// One receipt a loyalty customer can fetch from the referential (`GET /v1/me/receipts`).
public struct CustomerReceiptSummary: Sendable, Hashable, Codable {
    public let storeID: String
    public let sessionID: String
    /// When the daemon issued it (payment time).
    public let issuedAt: Date?
    /// The amount paid, as on the receipt.
    public let total: Money?

    public init(storeID: String, sessionID: String, issuedAt: Date?, total: Money?) {
        self.storeID = storeID
        self.sessionID = sessionID
        self.issuedAt = issuedAt
        self.total = total
    }
}

/// `GET /v1/me/receipts` answer: the customer's receipts, newest first.
public struct CustomerReceiptList: Sendable, Hashable, Codable {
    public let receipts: [CustomerReceiptSummary]

    public init(receipts: [CustomerReceiptSummary]) { self.receipts = receipts }
}

/// `POST /v1/admin/customers/{id}/tokens` answer: a bearer token for the customer's own routes (`/v1/me/…`),
/// shown once (only its hash is kept).
public struct CustomerTokenAnswer: Sendable, Hashable, Codable {
    /// How long a customer token opens `/v1/me/…` after its issue: 90 days.
    public static let lifetime: TimeInterval = 90 * 24 * 3600

    public let customerID: String
    public let token: String
    /// When the token stops opening anything (`lifetime` after issue); absent from referentials before it.
    public let expiresAt: Date?

    public init(customerID: String, token: String, expiresAt: Date? = nil) {
        self.customerID = customerID
        self.token = token
        self.expiresAt = expiresAt
    }
}
