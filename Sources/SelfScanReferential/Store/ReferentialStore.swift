public import Foundation
public import SelfScanAPI
public import SelfScanCore

/// Who a bearer token belongs to.
public struct DeviceIdentity: Sendable, Hashable, Codable {
    public var storeID: StoreID
    public var deviceID: DeviceID

    public init(storeID: StoreID, deviceID: DeviceID) {
        self.storeID = storeID
        self.deviceID = deviceID
    }
}

/// A store of the chain as the referential knows it.
public struct StoreRecord: Sendable, Hashable, Codable {
    public var id: StoreID
    public var name: String
    /// Which price is charged when scan and checkout prices differ.
    public var priceConflictRule: PriceConflictRule

    public init(id: StoreID, name: String, priceConflictRule: PriceConflictRule) {
        self.id = id
        self.name = name
        self.priceConflictRule = priceConflictRule
    }
}

/// A closed basket as ingested.
public struct BasketRecord: Sendable, Hashable, Codable {
    public var sessionID: String
    public var storeID: StoreID
    public var total: Money
    public var lineCount: Int
    public var closedAt: Date
    /// The shopper's loyalty card, when the session was identified.
    public var loyaltyCard: String? = nil
}

/// A payment as ingested (only what the terminal returned).
public struct IngestedPayment: Sendable, Hashable, Codable {
    public var paymentID: String
    public var sessionID: String
    public var storeID: StoreID
    public var amount: Money
    public var outcome: String
    public var scheme: String?
    public var last4: String?
    public var paidAt: Date
}

/// One day's totals of one store, per currency. Payments count only when approved.
public struct DayTotals: Sendable, Hashable, Codable {
    public var storeID: StoreID
    /// `YYYY-MM-DD`, UTC.
    public var day: String
    public var currency: Currency
    public var basketCount: Int
    public var basketTotal: Money
    public var paymentCount: Int
    public var paymentTotal: Money
}

/// Counts of stored rows, for admin checks and tests.
public struct IngestCounts: Sendable, Hashable, Codable {
    public var items: Int
    public var baskets: Int
    public var payments: Int

    public init(items: Int, baskets: Int, payments: Int) {
        self.items = items
        self.baskets = baskets
        self.payments = payments
    }
}

/// The catalog at one version, as records in catalog-format order (what a snapshot or delta carries).
public struct CatalogExtract: Sendable, Hashable {
    public var version: CatalogVersion
    /// When `version` was published.
    public var publishedAt: Date
    public var currency: Currency
    public var records: [CatalogRecord]
}

/// The referential's database. `SQLReferentialStore` implements it once over two backends
/// (`SQLiteBackend`, `PostgresBackend`) that run the same SQL; the same test suite checks both.
public protocol ReferentialStore: Sendable {
    /// Creates or upgrades the schema. Idempotent.
    func migrate() async throws

    // MARK: Stores and devices
    func createStore(_ store: StoreRecord) async throws
    func stores() async throws -> [StoreRecord]
    func store(_ id: StoreID) async throws -> StoreRecord?
    /// Records a device token by its SHA-256 hash (hex). The token itself is never stored.
    func insertDeviceToken(hash: String, identity: DeviceIdentity) async throws
    func device(forTokenHash hash: String) async throws -> DeviceIdentity?
    /// Deletes every token of `device` at `store` (a lost or stolen device): its next request is `401`.
    /// Returns how many tokens went.
    func revokeDeviceTokens(store: StoreID, device: DeviceID) async throws -> Int

    // MARK: Catalog
    func currentCatalogVersion() async throws -> CatalogVersion
    /// Publishes records (upserts and deletions, catalog-format semantics): one new version when anything
    /// changed; returns the current version.
    @discardableResult
    func publish(_ records: [CatalogRecord], note: String) async throws -> CatalogVersion
    /// Changes the unit (or per-kg) price of the product holding `gtin`: a new version.
    @discardableResult
    func setPrice(gtin: GTIN, to price: Money) async throws -> CatalogVersion
    /// The live catalog (`since == nil`: every record, for a snapshot) or what changed after `since`
    /// (for a delta, deletions included), with the current version.
    func catalog(since: CatalogVersion?) async throws -> CatalogExtract
    /// One page of the live catalog in snapshot order (the order of `catalog(since: nil)`), after `position`.
    func catalogSnapshotPage(after position: CatalogSnapshotPosition?, limit: Int) async throws -> CatalogSnapshotPage
    /// The product holding `gtin`, if any.
    func product(gtin: GTIN) async throws -> Product?

    // MARK: Ingest
    /// Applies the items idempotently: one result per item, in order. Items must be for `identity.storeID`.
    func ingest(_ items: [IngestItem], from identity: DeviceIdentity) async throws -> [IngestItemResult]
    /// The same, for a body decoded straight from the request bytes (the HTTP route's path).
    func ingest(_ batch: DecodedIngestBatch, from identity: DeviceIdentity) async throws -> [IngestItemResult]
    /// The same, checking inside the ingest transaction that `tokenHash` is still the device's token (else
    /// `revokedToken`): the route's authentication may come from a cache (docs/scaling.md).
    func ingest(
        _ batch: DecodedIngestBatch, from identity: DeviceIdentity, tokenHash: String?
    ) async throws -> [IngestItemResult]
    func baskets(store: StoreID?) async throws -> [BasketRecord]
    func payments(store: StoreID?) async throws -> [IngestedPayment]
    func dayTotals(store: StoreID, day: String) async throws -> [DayTotals]
    func ingestCounts() async throws -> IngestCounts

    // MARK: Stock, click & collect, customers
    func stock(gtin: GTIN) async throws -> (productID: ProductID, levels: [StoreStock])?
    func reserve(_ request: ReservationRequest, for requester: StoreID) async throws -> Reservation
    /// The reservations `store` prepares whose status is one of `statuses`, oldest first.
    func reservations(fulfilmentStore store: StoreID, statuses: [ReservationStatus]) async throws -> [Reservation]
    /// Marks a reservation prepared by `store` (its fulfilment store): idempotent, `picked` stays `picked`.
    func markPicked(_ id: UUID, by store: StoreID) async throws -> Reservation
    func customer(card: String) async throws -> CustomerAnswer?

    // MARK: Hand-off between devices
    /// Grants the first claim of a session's hand-off and returns its log up to the suspension.
    func claimHandoff(session sessionID: String, _ request: HandoffClaimRequest, by identity: DeviceIdentity) async throws
        -> HandoffClaimAnswer
    // MARK: Gate exits, coupons, audit flags
    /// The store's gate exits after position `after`, oldest first.
    func exits(store: StoreID, after: Int64, limit: Int) async throws -> [ExitNotice]
    /// Spends a serialised coupon chain-wide: the first spend wins (a replay of it answers the same);
    /// any other throws `couponAlreadySpent`.
    func spendCoupon(serial: String, _ request: CouponSpendRequest, by identity: DeviceIdentity) async throws
        -> CouponSpendAnswer
    /// Anomalies raised for the audit (double exits, offline coupon double spends), of one store or all.
    func auditFlags(store: StoreID?) async throws -> [AuditFlag]

    /// A session's basket events, in sequence order.
    func sessionEvents(session sessionID: String, store: StoreID) async throws -> [StoredSessionEvent]

    // MARK: Privacy (docs/privacy.md; defaults in ReferentialStore+Privacy.swift)
    /// Deletes the customer and their cards (a delta deletes them on devices) and unlinks their past
    /// baskets and payloads; one transaction; a repeat answers `alreadyErased`; unknown → `unknownCustomer`.
    func eraseCustomer(_ id: CustomerID) async throws -> ErasureResult
    /// Everything held about the customer; unknown → `unknownCustomer`.
    func exportCustomer(_ id: CustomerID) async throws -> CustomerExport
    /// Sets the consent to personal offers: a new catalog version.
    func setPersonalOffersConsent(_ id: CustomerID, consent: Bool) async throws -> CatalogVersion
    /// The catalog version a device holds (purges erasure tombstones every device is past).
    func recordCatalogPosition(_ device: DeviceIdentity, version: CatalogVersion) async throws
    func erasureLog() async throws -> [ErasureResult]
    /// Records an admin token by its SHA-256 hash (hex).
    func insertAdminToken(hash: String, name: String) async throws
    func isAdminToken(hash: String) async throws -> Bool

    // MARK: Suggestions and customers' receipts (issue 18; defaults in ReferentialStore+Suggestions.swift)
    /// Publishes `suggestions` records for what changed since the last publish (a new catalog version when any
    /// record changed).
    func publishSuggestions() async throws -> SuggestionPublishResult
    /// The "often bought with" counts of a store, or chain-wide (`nil`).
    func cooccurrence(store: StoreID?) async throws -> BasketCooccurrence
    /// Records a customer token by its hash; unknown customer → `unknownCustomer`.
    func insertCustomerToken(hash: String, customer: CustomerID) async throws
    func customer(forTokenHash hash: String) async throws -> CustomerID?
    /// The customer's synced receipts, newest first.
    func receipts(customer: CustomerID) async throws -> [CustomerReceiptSummary]
    /// One receipt's JSON, when it is the customer's.
    func receipt(customer: CustomerID, store: StoreID, session: String) async throws -> String?
    /// Gives a personal offer to the consenting customers who bought one of the targeting's products in its window
    /// and takes it from those who no longer qualify (the segment run of a CRM, issue 18 #5). Defaults in
    /// ReferentialStore+Suggestions.swift.
    func targetOffer(_ targeting: OfferTargeting) async throws -> OfferTargetingResult
}
