public import SelfScanCore

/// A parsed, complete catalog stream: what a daemon applies to its cache in one transaction.
public struct CatalogChanges: Sendable, Hashable {
    /// True for a full snapshot (the cache is replaced), false for a delta (the cache is patched).
    public var isSnapshot: Bool
    /// The version the cache holds once these changes are applied.
    public var version: CatalogVersionNumber
    /// The version a delta starts from; nil for a snapshot.
    public var baseVersion: CatalogVersionNumber?
    /// Products to insert or replace.
    public var upserts: [CatalogProduct]
    /// Products to remove.
    public var removals: [GTIN]

    public init(
        isSnapshot: Bool, version: CatalogVersionNumber, baseVersion: CatalogVersionNumber?,
        upserts: [CatalogProduct], removals: [GTIN]
    ) {
        self.isSnapshot = isSnapshot
        self.version = version
        self.baseVersion = baseVersion
        self.upserts = upserts
        self.removals = removals
    }
}
