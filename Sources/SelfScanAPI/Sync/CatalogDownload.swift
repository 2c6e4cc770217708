public import SelfScanCore


/// A complete, verified catalog stream (the storage catalog format: header, records, trailer checked):
/// what the daemon applies to its cache in one transaction.
public struct CatalogDownload: Sendable, Hashable {
    public var header: CatalogFileHeader
    public var records: [CatalogRecord]

    public init(header: CatalogFileHeader, records: [CatalogRecord]) {
        self.header = header
        self.records = records
    }

    /// The version the cache holds once this is applied.
    public var version: CatalogVersion { header.catalogVersion }
}
