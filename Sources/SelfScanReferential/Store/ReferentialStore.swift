public import Foundation
public import SelfScanCore
public import SelfScanSync

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
    public var basketID: UUID
    public var storeID: StoreID
    public var total: Money
    public var lineCount: Int
    public var closedAt: Date
}

/// A payment as ingested.
public struct PaymentRecord: Sendable, Hashable, Codable {
    public var paymentID: UUID
    public var basketID: UUID
    public var storeID: StoreID
    public var amount: Money
    public var scheme: String
    public var panLast4: String?
    public var paidAt: Date
}

/// One day's totals of one store, per currency.
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
}

/// The referential's database: one protocol, two backends (`SQLiteReferentialStore`, `PostgresReferentialStore`)
/// with the same behaviour, checked by the same test suite.
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

    // MARK: Catalog
    func currentCatalogVersion() async throws -> CatalogVersionNumber
    /// Inserts or replaces products; one new version when anything changed. Returns the current version.
    @discardableResult
    func upsertProducts(_ products: [CatalogProduct], note: String) async throws -> CatalogVersionNumber
    /// Changes one price: a new version. Throws `ReferentialError.unknownProduct` when the GTIN is not listed.
    @discardableResult
    func setPrice(_ gtin: GTIN, to price: Money) async throws -> CatalogVersionNumber
    /// Withdraws a product: a new version whose delta carries a `removed` line.
    @discardableResult
    func removeProduct(_ gtin: GTIN) async throws -> CatalogVersionNumber
    /// Listed products ordered by GTIN, strictly after `after`, at most `limit`; with the version they belong to.
    func snapshotPage(after: GTIN?, limit: Int) async throws -> (version: CatalogVersionNumber, products: [CatalogProduct])
    /// Changes since `since` (exclusive), with the version they bring the reader to.
    func changes(since: CatalogVersionNumber) async throws -> CatalogChanges

    // MARK: Ingest
    /// Applies the items idempotently: one result per item, in order. Items must be for `identity.storeID`.
    func ingest(_ items: [IngestItem], from identity: DeviceIdentity) async throws -> [IngestItemResult]
    func baskets(store: StoreID?) async throws -> [BasketRecord]
    func payments(store: StoreID?) async throws -> [PaymentRecord]
    func dayTotals(store: StoreID, day: String) async throws -> [DayTotals]
    func ingestCounts() async throws -> IngestCounts

    // MARK: Stock, click & collect, customers
    func setStock(store: StoreID, gtin: GTIN, quantity: Int64) async throws
    func stock(gtin: GTIN) async throws -> [StockLevel]
    func reserve(_ request: ReservationRequest, for requester: StoreID) async throws -> Reservation
    func upsertCustomer(_ customer: CustomerProfile) async throws
    func customer(card: String) async throws -> CustomerProfile?
}
