import GRDB
import SelfScanCore

/// The lookups on every scan (by GTIN, id, item reference): one statement per key kind, prepared once per
/// lookup connection (GRDB's statement cache, keyed by these constant strings), the row read by position
/// straight from SQLite (`RawRow`), no `Row`, cursor or argument boxing per call (issue 16: GRDB's row
/// machinery cost more than SQLite's probe).
extension StoredCatalogLookup {
    static let productByGTINSQL = """
        SELECT \(productColumns) FROM catalog_gtin g JOIN catalog_product p ON p.rowid = g.productRowID
        WHERE g.gtin = ?
        """
    static let productByIDSQL = "SELECT \(productColumns) FROM catalog_product p WHERE p.id = ?"
    static let productByItemReferenceSQL = "SELECT \(productColumns) FROM catalog_product p WHERE p.itemReference = ?"

    /// Rebuilds the core `Product` from `productColumns`, by position.
    static func product(at row: RawRow, currency: Currency) throws -> Product {
        let price = Money(minor: row.integer(5) ?? 0, currency: currency)
        let perKilogram = row.withUTF8(4) { $0.elementsEqual("kg".utf8) }
        let saleStop = row.text(8).map { SaleStop(reason: SaleStopReason(rawValue: $0) ?? .other, note: row.text(9)) }
        return Product(
            id: ProductID(row.text(0) ?? ""),
            gtins: try row.withUTF8(1) { try gtins(in: $0) },
            itemReference: row.text(2),
            name: row.text(3) ?? "",
            pricing: perKilogram ? .perKilogram(price) : .unit(price),
            vatRate: try VATRate(basisPoints: Int(row.integer(6) ?? 0)),
            minimumAge: row.integer(7).map { Int($0) },
            saleStop: saleStop,
            alwaysAudit: (row.integer(10) ?? 0) != 0,
            depositProductID: row.text(11).map { ProductID($0) },
            promotionIDs: row.withUTF8(12) { bytes in
                pieces(of: bytes, separatedBy: 0x1F).map { PromotionID(String(decoding: $0, as: UTF8.self)) }
            })
    }

    /// The GTIN-14s of the `gtins` column (joined by spaces; empty pieces skipped, as `split` does).
    static func gtins(in bytes: UnsafeBufferPointer<UInt8>) throws(CodeError) -> [GTIN] {
        var gtins: [GTIN] = []
        for piece in pieces(of: bytes, separatedBy: 0x20) {
            // 14 ASCII digits: a small string, no allocation.
            gtins.append(try GTIN(String(decoding: piece, as: UTF8.self)))
        }
        return gtins
    }

    /// The non-empty runs of `bytes` between `separator` bytes (an ASCII separator never splits a character).
    static func pieces(
        of bytes: UnsafeBufferPointer<UInt8>, separatedBy separator: UInt8
    ) -> [UnsafeBufferPointer<UInt8>] {
        var pieces: [UnsafeBufferPointer<UInt8>] = []
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == separator {
            if index > start { pieces.append(UnsafeBufferPointer(rebasing: bytes[start..<index])) }
            start = index + 1
        }
        return pieces
    }
}
