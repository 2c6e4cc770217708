public import Foundation
public import SelfScanCore
public import SelfScanSync

/// Reads a catalog file for `selfscan referential import-catalog`: catalog JSON Lines (the protocol's
/// `product` lines; header/end lines are allowed and ignored; a bare product object per line is accepted too)
/// or CSV with the header `gtin,name,price,currency,vat_bp[,minimum_age]` (price as decimal text, `1.99`).
public enum CatalogImport {
    public static func products(fromFile path: String) throws -> [CatalogProduct] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReferentialError(.invalidImport, "cannot read \(path)")
        }
        let text = String(decoding: data, as: UTF8.self)
        if path.lowercased().hasSuffix(".csv") { return try products(csv: text) }
        return try products(jsonLines: text)
    }

    public static func products(jsonLines text: String) throws -> [CatalogProduct] {
        let decoder = ProtocolJSON.decoder()
        var products: [CatalogProduct] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let data = Data(line.utf8)
            if let catalogLine = try? decoder.decode(CatalogLine.self, from: data) {
                if case .product(let product) = catalogLine { products.append(product) }
                continue
            }
            do { products.append(try decoder.decode(CatalogProduct.self, from: data)) } catch {
                throw ReferentialError(.invalidImport, "line \(index + 1): \(error)")
            }
        }
        return products
    }

    public static func products(csv text: String) throws -> [CatalogProduct] {
        var lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        guard let header = lines.first?.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }),
            Array(header.prefix(5)) == ["gtin", "name", "price", "currency", "vat_bp"]
        else { throw ReferentialError(.invalidImport, "CSV header must start gtin,name,price,currency,vat_bp") }
        lines.removeFirst()
        return try lines.enumerated().map { index, fields in
            let row = index + 2
            guard fields.count >= 5 else { throw ReferentialError(.invalidImport, "row \(row): 5 fields needed") }
            do {
                let currency = try Currency(code: String(fields[3]))
                guard let minor = parseDecimal(String(fields[2]), minorUnits: currency.minorUnits),
                    let vat = Int(fields[4])
                else { throw ReferentialError(.invalidImport, "row \(row): bad price or VAT") }
                let age = fields.count > 5 ? Int(fields[5]) : nil
                return CatalogProduct(
                    gtin: try GTIN(String(fields[0])), name: String(fields[1]),
                    price: Money(minor: minor, currency: currency), vatRate: try VATRate(basisPoints: vat),
                    minimumAge: age)
            } catch let error as ReferentialError {
                throw error
            } catch {
                throw ReferentialError(.invalidImport, "row \(row): \(error)")
            }
        }
    }

    /// `"1.99"` with 2 minor units → 199; no floating point. Nil when malformed or too precise.
    public static func parseDecimal(_ text: String, minorUnits: Int) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let negative = trimmed.hasPrefix("-")
        let body = negative ? trimmed.dropFirst() : Substring(trimmed)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let units = Int64(parts[0].isEmpty ? "0" : String(parts[0])), units >= 0 else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= minorUnits, fraction.allSatisfy(\.isASCII), fraction.allSatisfy(\.isNumber) else {
            return nil
        }
        fraction += String(repeating: "0", count: minorUnits - fraction.count)
        var scale: Int64 = 1
        for _ in 0..<minorUnits { scale *= 10 }
        let (scaled, overflow) = units.multipliedReportingOverflow(by: scale)
        guard !overflow, let fractionValue = Int64(fraction.isEmpty ? "0" : fraction) else { return nil }
        let value = scaled + fractionValue
        return negative ? -value : value
    }
}
