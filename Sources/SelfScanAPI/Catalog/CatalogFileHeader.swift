public import Foundation
public import SelfScanCore

/// Whether a catalog file holds a whole catalog or the changes since a base version.
public enum CatalogFileKind: String, Sendable, Hashable, Codable {
    /// Every product, promotion, customer and stock level at `catalogVersion`; replaces the cache.
    case snapshot
    /// The changes from `baseVersion` to `catalogVersion`; applies only on a cache at `baseVersion`.
    case delta
}

/// The first line of a catalog file (see docs/catalog-format.md).
public struct CatalogFileHeader: Sendable, Hashable, Codable {
    /// The format's name in every header.
    public static let formatName = "selfscan-catalog"
    /// The format version this build writes.
    public static let currentFormatVersion = 2
    /// The format versions this build reads (v1: the migration path for files written before v2).
    public static let readableFormatVersions = 1...2

    /// Always `selfscan-catalog`.
    public let format: String
    /// The format version (2; a reader also takes 1).
    public let formatVersion: Int
    public let kind: CatalogFileKind
    /// The catalog version the cache is at once the file is applied.
    public let catalogVersion: CatalogVersion
    /// For a delta: the version it applies to. `nil` for a snapshot.
    public let baseVersion: CatalogVersion?
    /// The currency of every price in the file.
    public let currency: Currency
    /// When the referential published this version.
    public let createdAt: Date
    /// The store the file was cut for (stock levels, store prices), if any.
    public let storeID: StoreID?

    /// A snapshot header.
    public static func snapshot(
        version: CatalogVersion, currency: Currency, createdAt: Date, storeID: StoreID? = nil,
        formatVersion: Int = currentFormatVersion
    ) -> CatalogFileHeader {
        CatalogFileHeader(
            format: formatName, formatVersion: formatVersion, kind: .snapshot, catalogVersion: version,
            baseVersion: nil, currency: currency, createdAt: createdAt, storeID: storeID)
    }

    /// A delta header (from `base` to `version`).
    public static func delta(
        from base: CatalogVersion, to version: CatalogVersion, currency: Currency, createdAt: Date,
        storeID: StoreID? = nil, formatVersion: Int = currentFormatVersion
    ) -> CatalogFileHeader {
        CatalogFileHeader(
            format: formatName, formatVersion: formatVersion, kind: .delta, catalogVersion: version,
            baseVersion: base, currency: currency, createdAt: createdAt, storeID: storeID)
    }

    private init(
        format: String, formatVersion: Int, kind: CatalogFileKind, catalogVersion: CatalogVersion,
        baseVersion: CatalogVersion?, currency: Currency, createdAt: Date, storeID: StoreID?
    ) {
        self.format = format
        self.formatVersion = formatVersion
        self.kind = kind
        self.catalogVersion = catalogVersion
        self.baseVersion = baseVersion
        self.currency = currency
        self.createdAt = createdAt
        self.storeID = storeID
    }
}

/// The last line of a catalog file: proves the file is whole.
public struct CatalogFileTrailer: Sendable, Hashable, Codable {
    /// Always `end`.
    public let type: String
    /// How many record lines lie between the header and this trailer.
    public let recordCount: Int
    /// Lower-case hex SHA-256 of every byte before this line (the header line and the record lines, each
    /// with its terminating newline).
    public let sha256: String

    public init(recordCount: Int, sha256: String) {
        self.type = "end"
        self.recordCount = recordCount
        self.sha256 = sha256
    }
}
