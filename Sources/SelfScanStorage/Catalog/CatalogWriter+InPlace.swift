import Foundation
import GRDB
import SelfScanAPI
import SelfScanCore

/// The statements a delta's in-place product updates reuse for the whole transaction: the stored-row probe,
/// and one UPDATE per set of changed columns (a price-only delta prepares exactly one).
struct CatalogInPlaceStatements {
    var storedRow: Statement?
    var updates: [UInt32: Statement] = [:]
    var guardedUpdate: Statement?
}

extension CatalogWriter {
    /// `catalog_product`'s columns after `id`, in `columnValues(of:)`'s order.
    static let productColumns = [
        "name", "itemReference", "pricingUnit", "priceMinor", "vatBasisPoints", "minimumAge", "saleStopReason",
        "saleStopNote", "alwaysAudit", "depositProductID", "gtins", "promotionIDs", "attributes", "department",
    ]
    private static let nameBit: UInt32 = 1 << 0
    private static let gtinsBit: UInt32 = 1 << 10
    /// The columns an index, the FTS5 entry or the GTIN rows depend on (`name`, `itemReference`, `gtins`,
    /// `department`), by offset in `productColumns`; the others are plain row data.
    private static let guardedOffsets = [0, 1, 10, 13]
    private static let plainOffsets = (0..<productColumns.count).filter { !guardedOffsets.contains($0) }

    /// A delta's change to a cached product, in place (issue 16): the stored row is compared column by column
    /// with the new values and only the columns that differ are written, with a statement prepared once per
    /// set of columns. The row keeps its rowid; the FTS5 entry is rewritten only when the name changes, the
    /// GTIN rows only when the GTINs do, and the indexed columns (`itemReference`, `department`) are left
    /// alone unless they change, so a price change is one narrow UPDATE, as a hand-written one would be.
    /// A change that leaves the indexed columns alone is written by `updateGuarded` without reading the row.
    /// Returns `false` when the product is not cached (the caller inserts it).
    mutating func updateInPlace(_ product: Product, line: Int) throws -> Bool {
        let values = try columnValues(of: product)
        if try updateGuarded(product, values: values, line: line) { return true }
        let probe: Statement
        if let cached = inPlace.storedRow {
            probe = cached
        } else {
            probe = try db.makeStatement(
                sql: "SELECT rowid, \(Self.productColumns.joined(separator: ", ")) FROM catalog_product WHERE id = ?")
            inPlace.storedRow = probe
        }
        guard let stored = try probe.compareRow(key: product.id.rawValue, with: values) else { return false }
        let changed = stored.differing
        guard changed != 0 else { return true }
        let renamed = changed & Self.nameBit != 0
        let regrouped = changed & Self.gtinsBit != 0
        if renamed {
            // The external-content FTS5 index forgets the old name (read from the row before it changes).
            try db.cachedStatement(
                sql: """
                    INSERT INTO catalog_product_fts (catalog_product_fts, rowid, name)
                        SELECT 'delete', rowid, name FROM catalog_product WHERE rowid = ?
                    """
            ).executeBound([.integer(stored.rowID)])
        }
        if regrouped {
            try db.cachedStatement(sql: "DELETE FROM catalog_gtin WHERE productRowID = ?")
                .executeBound([.integer(stored.rowID)])
        }
        var bound: [BoundValue] = []
        bound.reserveCapacity(values.count + 1)
        for (offset, value) in values.enumerated() where changed & (1 << UInt32(offset)) != 0 { bound.append(value) }
        bound.append(.integer(stored.rowID))
        do {
            try updateStatement(columns: changed).executeBound(bound)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw CatalogFileError(
                code: .inconsistentRecord, line: line,
                message: product.itemReference.map { "item reference \($0) of product \(product.id) belongs to another product" }
                    ?? "product \(product.id) conflicts with another product")
        }
        if renamed {
            try db.cachedStatement(sql: "INSERT INTO catalog_product_fts (rowid, name) VALUES (?, ?)")
                .executeBound([.integer(stored.rowID), .text(product.name)])
        }
        if regrouped { try insertGTINs(of: product, rowID: stored.rowID, line: line) }
        return true
    }

    /// The common case of a delta (a price, a VAT rate, a sale stop, promotions): one UPDATE of the plain
    /// columns, guarded by the indexed ones being what the product says (`name IS ? AND itemReference IS ? AND
    /// gtins IS ? AND department IS ?`), so no index, FTS5 or GTIN row can need a change when it matches. One
    /// lookup by id and one row write, as a hand-written `UPDATE … WHERE id = ?`; the stored row is not read
    /// first. `false` (nothing written) when the product is not cached or an indexed column changes: the
    /// column-by-column path takes it.
    private mutating func updateGuarded(_ product: Product, values: [BoundValue], line: Int) throws -> Bool {
        let statement: Statement
        if let cached = inPlace.guardedUpdate {
            statement = cached
        } else {
            let assignments = Self.plainOffsets.map { "\(Self.productColumns[$0]) = ?" }
            let guards = Self.guardedOffsets.map { "\(Self.productColumns[$0]) IS ?" }
            statement = try db.makeStatement(
                sql: "UPDATE catalog_product SET \(assignments.joined(separator: ", ")) "
                    + "WHERE id = ? AND \(guards.joined(separator: " AND "))")
            inPlace.guardedUpdate = statement
        }
        var bound: [BoundValue] = []
        bound.reserveCapacity(values.count + 1)
        for offset in Self.plainOffsets { bound.append(values[offset]) }
        bound.append(.text(product.id.rawValue))
        for offset in Self.guardedOffsets { bound.append(values[offset]) }
        do {
            try statement.executeBound(bound)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw CatalogFileError(code: .inconsistentRecord, line: line, message: "product \(product.id): \(error.message ?? "constraint failed")")
        }
        return db.changesCount == 1
    }

    /// `UPDATE catalog_product SET <the columns in `columns`> WHERE rowid = ?`, prepared once per column set.
    private mutating func updateStatement(columns: UInt32) throws -> Statement {
        if let statement = inPlace.updates[columns] { return statement }
        let assignments = Self.productColumns.enumerated()
            .filter { columns & (1 << UInt32($0.offset)) != 0 }
            .map { "\($0.element) = ?" }
        let statement = try db.makeStatement(
            sql: "UPDATE catalog_product SET \(assignments.joined(separator: ", ")) WHERE rowid = ?")
        inPlace.updates[columns] = statement
        return statement
    }
}
