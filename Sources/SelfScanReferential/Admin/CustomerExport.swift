public import Foundation
public import SelfScanAPI
public import SelfScanCore

/// Everything the referential holds about one customer (RGPD art. 15 and 20), as one JSON document.
/// Its JSON Schema is docs/schemas/customer-export.schema.json (a test validates an export against it).
/// Card numbers are not in it because the referential does not keep them: only their salted hashes.
public struct CustomerExport: Sendable, Hashable, Codable {
    public static let formatName = "selfscan-customer-export"

    /// Always `selfscan-customer-export`.
    public var format: String = CustomerExport.formatName
    /// 2 since e-receipts and app access tokens are part of it.
    public var formatVersion: Int = 2
    public var exportedAt: Date
    public var customer: Customer
    public var baskets: [Basket]
    /// Payments of those baskets: amount, scheme and outcome only (no card data, no masked PAN, no auth code).
    public var payments: [Payment]
    /// Audit decisions and results of those baskets.
    public var audits: [Audit]
    /// The e-receipts kept for the customer's app (`GET /v1/me/receipts`), as the daemon issued them.
    public var receipts: [Receipt]
    /// The app access tokens issued to the customer: when, never the token or its hash.
    public var accessTokens: [AccessToken]

    public struct Customer: Sendable, Hashable, Codable {
        public var id: String
        public var tier: String
        public var personalOffers: [Offer]
        public var personalOffersConsent: Bool
        /// `newCustomer`, `low`, `elevated` or `high`: the only trace of past audits kept in the catalog.
        public var auditRiskBand: String
        public var cards: [Card]
    }

    public struct Offer: Sendable, Hashable, Codable {
        public var id: String
        public var name: String?
    }

    /// A card as the referential holds it: its PBKDF2 hash and the key it was hashed with.
    public struct Card: Sendable, Hashable, Codable {
        public var keyID: String
        public var hash: String
    }

    public struct Basket: Sendable, Hashable, Codable {
        public var sessionID: String
        public var storeID: String?
        public var closedAt: Date?
        public var totalMinor: Int64?
        public var currency: String?
        public var lines: [Line]
    }

    public struct Line: Sendable, Hashable, Codable {
        public var lineID: String
        public var productID: String
        public var name: String
        public var quantity: Int
        public var unitPriceMinor: Int64
        public var currency: String
        public var vatBasisPoints: Int
        public var voided: Bool
    }

    public struct Payment: Sendable, Hashable, Codable {
        public var paymentID: String
        public var sessionID: String
        public var amountMinor: Int64
        public var currency: String
        public var outcome: String
        public var scheme: String?
        public var paidAt: Date
    }

    public struct Audit: Sendable, Hashable, Codable {
        public var sessionID: String
        /// `auditDecided`, `auditCompleted` or `auditResult`.
        public var kind: String
        public var at: Date
        /// The event or result as recorded.
        public var detail: String
    }
}

extension CustomerExport {
    public struct Receipt: Sendable, Hashable, Codable {
        public var storeID: String
        public var sessionID: String
        public var issuedAt: Date?
        /// The receipt's JSON exactly as the daemon synced it (lines, VAT breakdown, discounts, payments).
        public var document: String
    }

    public struct AccessToken: Sendable, Hashable, Codable {
        public var issuedAt: Date?
    }
}

/// The outcome of an erasure: what changed, without any personal data (it is also what the log keeps).
public struct ErasureResult: Sendable, Hashable, Codable {
    /// Random id of the erasure (the log's key).
    public var erasureID: String
    /// The first erasure of this customer, or a repeat of an earlier one (nothing changed).
    public var alreadyErased: Bool
    public var erasedAt: Date
    /// The catalog version whose delta deletes the customer on every device.
    public var catalogVersion: Int64
    /// Ingest items, reservations and version notes that lost their link to the person.
    public var unlinkedItems: Int64
    public var cardsRemoved: Int64
}
