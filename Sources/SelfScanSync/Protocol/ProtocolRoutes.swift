public import SelfScanCore

/// Paths, headers and limits of protocol version 1, shared by the server and the client.
public enum ProtocolRoutes {
    public static let version = "v1"
    public static let health = "/v1/health"
    public static let catalogVersion = "/v1/catalog/version"
    /// JSON Lines (storage catalog format); `after=<n>&version=<v>` resumes after record n of version v.
    public static let catalogSnapshot = "/v1/catalog/snapshot"
    /// JSON Lines; query `since=<version>` (required).
    public static let catalogDeltas = "/v1/catalog/deltas"
    public static let ingest = "/v1/ingest"
    /// `/v1/stock/{gtin}`
    public static let stockPrefix = "/v1/stock/"
    public static let reservations = "/v1/reservations"
    /// `/v1/customers/{card}`
    public static let customersPrefix = "/v1/customers/"
    /// `GET`: the store's gate exits, `after=<arrival>&limit=<n>` (an `ExitList`).
    public static let exits = "/v1/exits"
    /// `POST /v1/coupons/{serial}/spend`: spends a serialised coupon chain-wide (a `CouponSpendAnswer`).
    public static let couponsPrefix = "/v1/coupons/"

    /// Content type of catalog streams.
    public static let jsonLinesContentType = "application/x-ndjson"
    /// Largest request body the server reads (1 MiB).
    public static let maxBodyBytes = 1 << 20
}

/// `GET /v1/catalog/version` and `GET /v1/health` answer.
public struct CatalogVersionAnswer: Sendable, Hashable, Codable {
    public var version: CatalogVersion
    public init(version: CatalogVersion) { self.version = version }
}
