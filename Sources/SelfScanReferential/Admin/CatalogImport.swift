public import Foundation
public import SelfScanAPI
public import SelfScanCore

/// Reads a catalog file for `selfscan referential import-catalog`: the catalog format (JSON Lines with
/// header and verified trailer, docs/catalog-format.md; snapshot or delta) or CSV with the header
/// `id,gtin,name,price,currency,vat_bp[,minimum_age]` (price as decimal text, `1.99`).
public enum CatalogImport {
    public static func records(fromFile path: String) throws -> [CatalogRecord] {
        if path.lowercased().hasSuffix(".csv") {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ReferentialError(.invalidImport, "cannot read \(path)")
            }
            return try records(csv: String(decoding: data, as: UTF8.self))
        }
        let reader: CatalogFileReader
        do { reader = try CatalogFileReader(path: path) } catch {
            throw ReferentialError(.invalidImport, "\(path): \(error)")
        }
        var records: [CatalogRecord] = []
        do {
            while let record = try reader.next() { records.append(record) }
        } catch {
            throw ReferentialError(.invalidImport, "\(path): \(error)")
        }
        return records
    }

    public static func records(csv text: String) throws -> [CatalogRecord] {
        var lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        guard let header = lines.first?.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }),
            Array(header.prefix(6)) == ["id", "gtin", "name", "price", "currency", "vat_bp"]
        else { throw ReferentialError(.invalidImport, "CSV header must start id,gtin,name,price,currency,vat_bp") }
        lines.removeFirst()
        return try lines.enumerated().map { index, fields in
            let row = index + 2
            guard fields.count >= 6 else { throw ReferentialError(.invalidImport, "row \(row): 6 fields needed") }
            do {
                let currency = try Currency(code: String(fields[4]))
                guard let minor = parseDecimal(String(fields[3]), minorUnits: currency.minorUnits),
                    let vat = Int(fields[5])
                else { throw ReferentialError(.invalidImport, "row \(row): bad price or VAT") }
                var age: Int?
                if fields.count > 6, !fields[6].trimmingCharacters(in: .whitespaces).isEmpty {
                    guard let value = Int(fields[6].trimmingCharacters(in: .whitespaces)) else {
                        throw ReferentialError(.invalidImport, "row \(row): minimum age '\(fields[6])' is not a number")
                    }
                    age = value
                }
                let gtins = fields[1].isEmpty ? [] : [try GTIN(String(fields[1]))]
                let product = Product(
                    id: ProductID(String(fields[0])), gtins: gtins, name: String(fields[2]),
                    pricing: .unit(Money(minor: minor, currency: currency)),
                    vatRate: try VATRate(basisPoints: vat), minimumAge: age)
                if let problem = ProductSanity.problem(with: product) {
                    throw ReferentialError(.invalidImport, "row \(row): \(problem)")
                }
                return .product(product)
            } catch let error as ReferentialError {
                throw error
            } catch {
                throw ReferentialError(.invalidImport, "row \(row): \(error)")
            }
        }
    }

    /// `"1.99"` with 2 minor units → 199; no floating point. Nil when malformed, too precise or beyond Int64.
    public static func parseDecimal(_ text: String, minorUnits: Int) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let negative = trimmed.hasPrefix("-")
        let body = negative ? trimmed.dropFirst() : Substring(trimmed)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let units = Int64(parts[0].isEmpty ? "0" : String(parts[0])), units >= 0 else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= minorUnits, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        fraction += String(repeating: "0", count: minorUnits - fraction.count)
        var scale: Int64 = 1
        for _ in 0..<minorUnits { scale *= 10 }
        let (scaled, overflow) = units.multipliedReportingOverflow(by: scale)
        guard !overflow, let fractionValue = Int64(fraction.isEmpty ? "0" : fraction) else { return nil }
        // Overflow-checked: "92233720368547758.08" is refused (nil), never a trap.
        let (value, sumOverflow) = scaled.addingReportingOverflow(fractionValue)
        guard !sumOverflow else { return nil }
        return negative ? -value : value
    }
}
