public import Foundation
import GRDB
public import SelfScanAPI
public import SelfScanCore

/// The offline catalog: products, GTIN aliases, item references, promotions, loyalty customers and stock,
/// at one version. A file (snapshot or delta) is applied in **one transaction together with the version it
/// brings**: a reader (WAL snapshot isolation) sees the old catalog or the new one, never half; any refusal
/// (cut file, bad checksum, wrong base version, disk full) rolls back everything and the old version stays.
public struct CatalogCache: Sendable {
    public let database: StoreDatabase

    public init(database: StoreDatabase) { self.database = database }

    /// The cached version and its age; `nil` before the first snapshot.
    ///
    /// Kept in memory from the last apply (every command asks): read from SQLite only after an apply failed,
    /// at first use, or when the kept value is older than a second (another process, `selfscan catalog
    /// import` next to a running daemon, may have applied a file).
    public func state() throws(StorageError) -> CatalogState? {
        try database.caches.catalogState { () throws(StorageError) -> CatalogState? in
            try database.read(doing: "reading the catalog version") { db in try CatalogCache.state(in: db) }
        }
    }

    /// A `CatalogLookup` over the current version (create one per basket operation: it reports the version
    /// current when it was made). `nil` before the first snapshot.
    public func lookup() throws(StorageError) -> StoredCatalogLookup? {
        guard let state = try state() else { return nil }
        return StoredCatalogLookup(database: database, version: state.version, currency: state.currency)
    }

    /// Streams the file at `path` into the cache (header, records, verified trailer) in one transaction.
    /// The file is read and decoded on a second thread while records are written (bounded hand-off).
    @discardableResult
    public func apply(fileAt path: String, now: Date = Date()) throws(StorageError) -> CatalogApplyResult {
        let reader = CatalogPrefetchingReader(path: path)
        defer { reader.cancel() }
        let header: CatalogFileHeader
        do {
            header = try reader.readHeader()
        } catch {
            throw StorageError.wrapping(error, doing: "importing '\(path)'", path: database.path)
        }
        return try apply(header: header, now: now) { () throws(CatalogFileError) in try reader.next() }
    }

    /// Applies a whole in-memory snapshot (seeding, tests, the demo).
    @discardableResult
    public func apply(
        snapshot: CatalogSnapshot, stock: [StockLevel] = [], publishedAt: Date = Date(), now: Date = Date()
    ) throws(StorageError) -> CatalogApplyResult {
        let header = CatalogFileHeader.snapshot(
            version: snapshot.version, currency: snapshot.currency, createdAt: publishedAt)
        var records = (snapshot.cardHashKeys.map(CatalogRecord.cardHashKey) + snapshot.products.map(CatalogRecord.product) + snapshot.promotions.map(CatalogRecord.promotion)
            + snapshot.customers.map(CatalogRecord.customer) + stock.map(CatalogRecord.stock)).makeIterator()
        return try apply(header: header, now: now) { () throws(CatalogFileError) in records.next() }
    }

    /// Applies a header and its records; `nextRecord` returns `nil` at the verified end of its input (and
    /// throws if the input is cut or altered, which rolls everything back).
    public func apply(
        header: CatalogFileHeader, now: Date = Date(),
        nextRecord: () throws(CatalogFileError) -> CatalogRecord?
    ) throws(StorageError) -> CatalogApplyResult {
        let action = "applying catalog \(header.kind.rawValue) \(header.catalogVersion)"
        var deletedCustomers = 0
        defer { if deletedCustomers > 0 { database.checkpointAfterDeletion() } }
        let caches = database.caches
        let applied: (result: CatalogApplyResult, state: CatalogState?)
        do throws(StorageError) {
            applied = try database.write(doing: action) { db -> (result: CatalogApplyResult, state: CatalogState?) in
                var writer = try CatalogWriter(db: db, header: header)
                let previous = try CatalogCache.state(in: db)
                try writer.check(against: previous)
                // The product count before: kept from the last apply of this very version, else stored with
                // the version (same transaction), else (a cache from before that column) counted once.
                var products = 0
                if header.kind == .snapshot {
                    try writer.clear()
                } else if let previous, let known = caches.productCount(after: previous) {
                    products = known
                } else if let stored = try Int.fetchOne(db, sql: "SELECT productCount FROM catalog_state WHERE id = 1") {
                    products = stored
                } else {
                    products = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM catalog_product") ?? 0
                }
                var count = 0
                while let record = try nextRecord() {
                    count += 1
                    try writer.apply(record, line: count + 1)
                }
                products += writer.insertedProducts - writer.deletedProducts
                try writer.finish(now: now, productCount: products)
                deletedCustomers = writer.deletedCustomers
                let result = CatalogApplyResult(
                    kind: header.kind, previousVersion: previous?.version ?? .none, version: header.catalogVersion,
                    recordCount: count, productCount: products)
                return (result, try CatalogCache.state(in: db))
            }
        } catch {
            caches.catalogChanged()
            throw error
        }
        // Committed: what every command reads next is this version (and its product count for the next delta).
        caches.catalogApplied(state: applied.state, productCount: applied.result.productCount)
        return applied.result
    }

    static func state(in db: Database) throws -> CatalogState? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM catalog_state WHERE id = 1") else { return nil }
        let kindText: String = row["lastKind"]
        let storeText: String? = row["storeID"]
        return CatalogState(
            version: CatalogVersion(row["version"] as Int64), currency: try Currency(code: row["currency"]),
            publishedAt: Milliseconds.date(row["publishedAt"]), appliedAt: Milliseconds.date(row["appliedAt"]),
            lastKind: CatalogFileKind(rawValue: kindText) ?? .snapshot, storeID: storeText.map { StoreID($0) })
    }
}
