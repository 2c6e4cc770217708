/// Every endpoint of the central referential's sync protocol (docs/sync-protocol.md,
/// docs/openapi-referential.yaml). Device endpoints need a bearer token, except `health`.
public enum ReferentialEndpoints {
    public static let health = Endpoint(.get, "/v1/health")
    public static let catalogVersion = Endpoint(.get, "/v1/catalog/version")
    /// JSON Lines (the catalog stream); `after=<n>&version=<v>` resumes after record n of version v.
    public static let catalogSnapshot = Endpoint(.get, "/v1/catalog/snapshot")
    /// JSON Lines; `since=<version>` (required).
    public static let catalogDeltas = Endpoint(.get, "/v1/catalog/deltas")
    /// One immutable delta chunk (JSON Lines), `Cache-Control: public, immutable`; the poll's `Content-Location`.
    public static let catalogDeltaChunk = Endpoint(.get, "/v1/catalog/deltas/{from}/{to}")
    /// This node's counters (Prometheus text): delta chunk cache hits/misses, catalog position writes.
    public static let metrics = Endpoint(.get, "/v1/metrics")
    public static let ownStore = Endpoint(.get, "/v1/stores/self")
    public static let ingest = Endpoint(.post, "/v1/ingest")
    public static let stock = Endpoint(.get, "/v1/stock/{gtin}")
    public static let reserve = Endpoint(.post, "/v1/reservations")
    public static let reservations = Endpoint(.get, "/v1/reservations")
    public static let markPicked = Endpoint(.post, "/v1/reservations/{id}/picked")
    public static let customer = Endpoint(.get, "/v1/customers/{card}")
    public static let claimSession = Endpoint(.post, "/v1/sessions/{id}/claims")
    /// The store's gate exits, `after=<arrival>&limit=<n>` (an `ExitList`).
    public static let exits = Endpoint(.get, "/v1/exits")
    /// Spends a serialised coupon chain-wide (a `CouponSpendAnswer`).
    public static let spendCoupon = Endpoint(.post, "/v1/coupons/{serial}/spend")
    /// Double exits and double coupon spends flagged for the audit.
    public static let auditFlags = Endpoint(.get, "/v1/audit-flags")

    // Admin (an admin token, never a device's): the data-protection rights (docs/privacy.md).
    /// Erases a customer: cards and profile deleted, baskets and payments kept without the link.
    public static let eraseCustomer = Endpoint(.post, "/v1/admin/customers/{id}/erase")
    /// Everything held about a customer, one JSON document (docs/schemas/customer-export.schema.json).
    public static let exportCustomer = Endpoint(.get, "/v1/admin/customers/{id}/export")
    /// Sets the customer's consent to personal offers.
    public static let setConsent = Endpoint(.put, "/v1/admin/customers/{id}/consent")

    /// Publishes the `suggestions` records of what changed since the last publish (a `SuggestionPublishResult`).
    public static let publishSuggestions = Endpoint(.post, "/v1/admin/suggestions/publish")
    /// Issues a bearer token for a loyalty customer's own routes (a `CustomerTokenAnswer`).
    public static let issueCustomerToken = Endpoint(.post, "/v1/admin/customers/{id}/tokens")

    // A loyalty customer (a customer token): their e-receipts, synced by the daemons.
    /// The customer's receipts, newest first (a `CustomerReceiptList`).
    public static let myReceipts = Endpoint(.get, "/v1/me/receipts")
    /// One receipt, as the daemon displayed it (lines, promotion lines, VAT breakdown, payments).
    public static let myReceipt = Endpoint(.get, "/v1/me/receipts/{store}/{session}")

    /// The whole contract.
    public static let all: [Endpoint] = [
        health, catalogVersion, catalogSnapshot, catalogDeltas, catalogDeltaChunk, metrics, ownStore, ingest, stock, reserve, reservations,
        markPicked, customer, claimSession, exits, spendCoupon, auditFlags, eraseCustomer, exportCustomer, setConsent,
        publishSuggestions, issueCustomerToken, myReceipts, myReceipt,
    ]
}
