public import SelfScanCore
public import SelfScanStorage
public import SelfScanAPI
import Foundation

/// The products of a `SyntheticCatalog` as CSV rows shaped like the cache's tables, so the `sqlite3` CLI can
/// import the same rows into the same schema (the import benchmark's reference).
public struct SyntheticCatalogCSV: Sendable {
    public let catalog: SyntheticCatalog

    public init(catalog: SyntheticCatalog) { self.catalog = catalog }

    /// Writes `catalog_product.csv`, `catalog_gtin.csv` and `catalog_stock.csv` into `directory`.
    public func write(toDirectory directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let products = try CSVFile(path: directory + "/catalog_product.csv")
        let gtins = try CSVFile(path: directory + "/catalog_gtin.csv")
        let stock = try CSVFile(path: directory + "/catalog_stock.csv")
        for index in 0..<catalog.productCount {
            let product = catalog.product(index)
            let rowID = index + 1
            let (unit, minor): (String, Int64) =
                switch product.pricing {
                case .unit(let money): ("unit", money.minor)
                case .perKilogram(let money): ("kg", money.minor)
                }
            let fields: [String] = [
                String(rowID), product.id.rawValue, product.name, product.itemReference ?? "", unit, String(minor),
                String(product.vatRate.basisPoints), product.minimumAge.map(String.init) ?? "", "", "",
                product.alwaysAudit ? "1" : "0", "", product.gtins.map(\.digits14).joined(separator: " "),
                product.promotionIDs.map(\.rawValue).joined(separator: "\u{1F}"),
            ]
            try products.append(fields)
            for gtin in product.gtins { try gtins.append([String(Int64(gtin.digits14) ?? 0), String(rowID)]) }
            if catalog.includeStock {
                try stock.append([product.id.rawValue, catalog.storeID.rawValue, String(index % 240)])
            }
        }
        for file in [products, gtins, stock] { try file.close() }
    }
}

/// A buffered CSV writer (RFC 4180 quoting).
private final class CSVFile {
    private let handle: FileHandle
    private var pending = Data()

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw CatalogFileError(code: .ioError, message: "cannot create \(path)") }
        self.handle = handle
    }

    func append(_ fields: [String]) throws {
        let line = fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",")
        pending.append(contentsOf: line.utf8)
        pending.append(0x0A)
        if pending.count > 1 << 20 { try flush() }
    }

    func close() throws {
        try flush()
        try handle.close()
    }

    private func flush() throws {
        try handle.write(contentsOf: pending)
        pending.removeAll(keepingCapacity: true)
    }
}
