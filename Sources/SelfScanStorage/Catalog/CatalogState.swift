public import Foundation
public import SelfScanAPI
public import SelfScanCore

/// Which catalog version the cache holds, and since when: what "how stale is the price list" is built on.
public struct CatalogState: Sendable, Hashable, Codable {
    public let version: CatalogVersion
    public let currency: Currency
    /// When the referential published this version (the file header's `createdAt`).
    public let publishedAt: Date
    /// When this store applied it.
    public let appliedAt: Date
    /// Whether the last file applied was a snapshot or a delta.
    public let lastKind: CatalogFileKind
    /// The store the catalog was cut for, when the file said.
    public let storeID: StoreID?

    public init(
        version: CatalogVersion, currency: Currency, publishedAt: Date, appliedAt: Date, lastKind: CatalogFileKind,
        storeID: StoreID?
    ) {
        self.version = version
        self.currency = currency
        self.publishedAt = publishedAt
        self.appliedAt = appliedAt
        self.lastKind = lastKind
        self.storeID = storeID
    }

    /// How long ago the cached version was applied.
    public func age(now: Date = Date()) -> TimeInterval { now.timeIntervalSince(appliedAt) }
}

/// What applying a catalog file did.
public struct CatalogApplyResult: Sendable, Hashable, Codable {
    public let kind: CatalogFileKind
    /// The version before (`CatalogVersion.none` on an empty cache).
    public let previousVersion: CatalogVersion
    /// The version now.
    public let version: CatalogVersion
    /// Record lines applied.
    public let recordCount: Int
    /// Products in the cache after the apply.
    public let productCount: Int
}
