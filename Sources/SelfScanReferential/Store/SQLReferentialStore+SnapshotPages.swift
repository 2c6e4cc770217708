public import Foundation
public import SelfScanAPI
public import SelfScanCore

/// Where a snapshot page ended: the group (index in `StoredRecord.orderedTypes`, or its count for the other types)
/// and the last record's type and key in it (nil: the group's start).
public struct CatalogSnapshotPosition: Sendable, Hashable {
    let group: Int
    let type: String?
    let key: String?
}

/// One page of the live catalog in snapshot order, read in one transaction with the catalog head it belongs to.
public struct CatalogSnapshotPage: Sendable {
    public var version: CatalogVersion
    public var publishedAt: Date
    public var currency: Currency
    public var records: [CatalogRecord]
    /// Where the next page starts; nil after the last record.
    public var next: CatalogSnapshotPosition?
}

extension SQLReferentialStore {
    /// The live records after `position` (from the start when nil), at most `limit`, in `StoredRecord.orderBy`
    /// order (the order of `catalog(since: nil)`). Each page is a keyset range on an index (the primary key
    /// `(record_type, record_key)` for the ordered types, `(record_key, record_type)` for the others), so a whole
    /// snapshot costs one pass however many pages it takes, and memory holds one page. Pages are separate short
    /// transactions (no long read holds SQLite's single connection or a PostgreSQL snapshot open for a slow
    /// download): the caller compares each page's `version` with the first page's.
    public func catalogSnapshotPage(after position: CatalogSnapshotPosition?, limit: Int) async throws -> CatalogSnapshotPage {
        let limit = max(1, limit)
        return try await backend.read { session in
            let head = try await Self.head(session)
            let published = try await session.rows(
                "SELECT created_at FROM catalog_versions WHERE version = \(head.version.rawValue)"
            ).first.map { try RowDecoding.date(try RowDecoding.text($0, 0)) }
            let types = StoredRecord.orderedTypes
            var records: [CatalogRecord] = []
            var group = position?.group ?? 0
            var cursor: (type: String, key: String)? = position.flatMap { position in
                position.type.flatMap { type in position.key.map { (type: type, key: $0) } }
            }
            while records.count < limit, group <= types.count {
                let want = limit - records.count
                let rows = try await Self.snapshotRows(
                    type: group < types.count ? types[group] : nil, after: cursor, limit: want, in: session)
                for row in rows {
                    records.append(try RowDecoding.record(try RowDecoding.text(row, 0)))
                    cursor = (type: try RowDecoding.text(row, 2), key: try RowDecoding.text(row, 1))
                }
                if rows.count < want {
                    group += 1
                    cursor = nil
                }
            }
            return CatalogSnapshotPage(
                version: head.version, publishedAt: published ?? Date(timeIntervalSince1970: 0),
                currency: head.currency ?? .eur, records: records,
                next: group > types.count ? nil : CatalogSnapshotPosition(group: group, type: cursor?.type, key: cursor?.key))
        }
    }

    /// One keyset range: records of `type` after `after` by key (the primary key's order), or — `type` nil — the
    /// records of the other types after `after` by key then type (index `catalog_records_key_type`). Separate
    /// statements with and without a cursor, so each is a plain index range for the planner.
    static func snapshotRows(
        type: String?, after: (type: String, key: String)?, limit: Int, in session: any SQLSession
    ) async throws -> [[SQLValue]] {
        let columns: SQLStatement = "SELECT document, record_key, record_type FROM catalog_records"
        let others: SQLStatement = "record_type NOT IN ('cardHashKey', 'promotion', 'product', 'customer')"
        switch (type, after) {
        case (let type?, nil):
            return try await session.rows(
                "\(columns) WHERE record_type = \(type) AND deleted = 0 ORDER BY record_key LIMIT \(limit)")
        case (let type?, let after?):
            return try await session.rows(
                """
                \(columns) WHERE record_type = \(type) AND record_key > \(after.key) AND deleted = 0
                ORDER BY record_key LIMIT \(limit)
                """)
        case (nil, nil):
            return try await session.rows(
                "\(columns) WHERE \(others) AND deleted = 0 ORDER BY record_key, record_type LIMIT \(limit)")
        case (nil, let after?):
            return try await session.rows(
                """
                \(columns) WHERE (record_key, record_type) > (\(after.key), \(after.type)) AND \(others) AND deleted = 0
                ORDER BY record_key, record_type LIMIT \(limit)
                """)
        }
    }
}
