import Foundation
import SelfScanCore

/// A fast path for the two record kinds that make up nearly every line of a catalog (`product`, `stock`):
/// a small byte-level JSON parser and a direct mapping to the core types, about 4× cheaper than
/// `JSONDecoder`'s `Codable` machinery (which was half of a 1M-product import's CPU time).
///
/// It accepts exactly the shapes the types' synthesized `Codable` conformances produce and returns `nil` for
/// anything else (other record kinds, unexpected shapes, escapes it does not handle, fractional numbers): the
/// caller then decodes the line with `JSONDecoder`, which either succeeds the same way or reports the precise
/// error. Tests check both paths give equal records.
enum CatalogFastDecoder {
    static func decode(_ line: Data) -> CatalogRecord? { decode(line, product: product) }

    /// Parses the line and maps `product` and `stock` records; `product` reads the format version's shape.
    static func decode(_ line: Data, product: (FastJSON) -> Product?) -> CatalogRecord? {
        line.withUnsafeBytes { raw -> CatalogRecord? in
            var parser = FastJSONParser(bytes: raw.bindMemory(to: UInt8.self))
            guard let value = parser.parseDocument(), case .object(let fields) = value,
                case .string(let type)? = fields.value("type")
            else { return nil }
            switch type {
            case "product": return fields.value("product").flatMap(product).map(CatalogRecord.product)
            case "stock": return fields.value("stock").flatMap(stock).map(CatalogRecord.stock)
            default: return nil
            }
        }
    }

    private static func product(_ value: FastJSON) -> Product? {
        guard case .object(let fields) = value,
            case .string(let id)? = fields.value("id"),
            case .string(let name)? = fields.value("name"),
            case .array(let gtinValues)? = fields.value("gtins"),
            case .int(let vat)? = fields.value("vatRate"), let vatRate = try? VATRate(basisPoints: Int(vat)),
            case .bool(let alwaysAudit)? = fields.value("alwaysAudit"),
            case .array(let promotionValues)? = fields.value("promotionIDs"),
            let pricing = fields.value("pricing").flatMap(pricing)
        else { return nil }
        return product(
            fields, id: id, name: name, pricing: pricing, vatRate: vatRate, gtinValues: gtinValues,
            promotionValues: promotionValues, alwaysAudit: alwaysAudit)
    }

    /// The rest of a product, shared by the v1 and v2 shapes: GTINs, promotion ids and the optional fields.
    static func product(
        _ fields: [(String, FastJSON)], id: String, name: String, pricing: ProductPricing, vatRate: VATRate,
        gtinValues: [FastJSON], promotionValues: [FastJSON], alwaysAudit: Bool
    ) -> Product? {
        var gtins: [GTIN] = []
        gtins.reserveCapacity(gtinValues.count)
        for value in gtinValues {
            guard case .string(let text) = value, let gtin = try? GTIN(text) else { return nil }
            gtins.append(gtin)
        }
        var promotionIDs: [PromotionID] = []
        for value in promotionValues {
            guard case .string(let text) = value else { return nil }
            promotionIDs.append(PromotionID(text))
        }
        guard let itemReference = optionalString(fields.value("itemReference")),
            let deposit = optionalString(fields.value("depositProductID")),
            let minimumAge = optionalInt(fields.value("minimumAge")),
            let saleStop = optionalSaleStop(fields.value("saleStop"))
        else { return nil }
        return Product(
            id: ProductID(id), gtins: gtins, itemReference: itemReference, name: name, pricing: pricing,
            vatRate: vatRate, minimumAge: minimumAge.map { Int($0) }, saleStop: saleStop, alwaysAudit: alwaysAudit,
            depositProductID: deposit.map { ProductID($0) }, promotionIDs: promotionIDs)
    }

    /// `{"unit":{"_0":Money}}` or `{"perKilogram":{"_0":Money}}`.
    private static func pricing(_ value: FastJSON) -> ProductPricing? {
        guard case .object(let cases) = value, cases.count == 1, case .object(let payload) = cases[0].1,
            payload.count == 1, payload[0].0 == "_0", let money = money(payload[0].1)
        else { return nil }
        switch cases[0].0 {
        case "unit": return .unit(money)
        case "perKilogram": return .perKilogram(money)
        default: return nil
        }
    }

    static func money(_ value: FastJSON) -> Money? {
        guard case .object(let fields) = value, case .int(let minor)? = fields.value("minor"),
            case .string(let code)? = fields.value("currency"), let currency = try? Currency(code: code)
        else { return nil }
        return Money(minor: minor, currency: currency)
    }

    static func stock(_ value: FastJSON) -> StockLevel? {
        guard case .object(let fields) = value, case .string(let product)? = fields.value("productID"),
            case .string(let store)? = fields.value("storeID"), case .int(let quantity)? = fields.value("quantity")
        else { return nil }
        return StockLevel(productID: ProductID(product), storeID: StoreID(store), quantity: quantity)
    }

    /// Absent or null → `.some(nil)`; a string → `.some(text)`; anything else → `nil` (not this shape).
    static func optionalString(_ value: FastJSON?) -> String?? {
        switch value {
        case nil, .null?: .some(nil)
        case .string(let text)?: .some(text)
        default: nil
        }
    }

    static func optionalInt(_ value: FastJSON?) -> Int64?? {
        switch value {
        case nil, .null?: .some(nil)
        case .int(let number)?: .some(number)
        default: nil
        }
    }

    static func optionalSaleStop(_ value: FastJSON?) -> SaleStop?? {
        switch value {
        case nil, .null?: return .some(nil)
        case .object(let fields)?:
            guard case .string(let reasonText)? = fields.value("reason"),
                let reason = SaleStopReason(rawValue: reasonText), let note = optionalString(fields.value("note"))
            else { return nil }
            return .some(SaleStop(reason: reason, note: note))
        default: return nil
        }
    }
}

/// A parsed JSON value (integers only: a fraction or exponent makes the fast path give up). Not `indirect`:
/// arrays already hold their elements out of line, and a box per value was a fifth of the decoding thread's
/// time in retains, releases and mallocs (perf, 2026-12-04).
enum FastJSON {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case null
    case array([FastJSON])
    case object([(String, FastJSON)])
}

extension [(String, FastJSON)] {
    /// The value of `key` (objects here have a handful of keys: a linear scan beats hashing).
    func value(_ key: String) -> FastJSON? {
        for (name, value) in self where FastJSONParser.sameKey(name, key) { return value }
        return nil
    }
}

/// Minimal RFC 8259 parser over bytes; `nil` on anything it does not accept.
struct FastJSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func parseDocument() -> FastJSON? {
        guard let value = parseValue(depth: 0) else { return nil }
        skipSpace()
        return index == bytes.count ? value : nil
    }

    private mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D {
            index += 1
        }
    }

    private mutating func parseValue(depth: Int) -> FastJSON? {
        guard depth < 32 else { return nil }
        skipSpace()
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "\""): return parseString().map(FastJSON.string)
        case UInt8(ascii: "{"): return parseObject(depth: depth)
        case UInt8(ascii: "["): return parseArray(depth: depth)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        default: return parseInteger()
        }
    }

    private mutating func literal(_ text: StaticString, _ value: FastJSON) -> FastJSON? {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return nil }
        for offset in 0..<count where bytes[index + offset] != text.utf8Start[offset] { return nil }
        index += count
        return value
    }

    private mutating func parseInteger() -> FastJSON? {
        var negative = false
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        let start = index
        var magnitude: Int64 = 0
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int64(bytes[index] - 0x30))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
            index += 1
        }
        guard index > start else { return nil }
        // Leading zeros, fractions and exponents are left to JSONDecoder.
        if index - start > 1, bytes[start] == 0x30 { return nil }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "e")
            || bytes[index] == UInt8(ascii: "E")
        {
            return nil
        }
        return .int(negative ? -magnitude : magnitude)
    }

    private mutating func parseString() -> String? {
        index += 1  // opening quote
        let start = index
        var isASCII = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<index])
                // ASCII (ids, GTINs, most names) is valid UTF-8 as it stands: the specialised decoding
                // initialiser copies it; only other text pays for the generic validation.
                let text = isASCII ? String(decoding: raw, as: UTF8.self) : String(validating: raw, as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return parseEscapedString(from: start) }
            if byte < 0x20 { return nil }
            if byte >= 0x80 { isASCII = false }
            index += 1
        }
        return nil
    }

    /// The slow half of strings: with escapes.
    private mutating func parseEscapedString(from start: Int) -> String? {
        var utf8 = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(validating: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = parseUnicodeEscape() else { return nil }
                    utf8.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: return nil
                }
            default:
                guard byte >= 0x20 else { return nil }
                utf8.append(byte)
            }
        }
        return nil
    }

    private mutating func parseUnicodeEscape() -> Unicode.Scalar? {
        guard let high = parseHex4() else { return nil }
        if (0xD800...0xDBFF).contains(high) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else { return nil }
            index += 2
            guard let low = parseHex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        }
        return Unicode.Scalar(high)
    }

    private mutating func parseHex4() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: return nil
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private mutating func parseArray(depth: Int) -> FastJSON? {
        index += 1
        var elements: [FastJSON] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            guard let element = parseValue(depth: depth + 1) else { return nil }
            elements.append(element)
            skipSpace()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else { return nil }
            index += 1
            return .array(elements)
        }
    }

    /// Member names are equal: compared as UTF-8 bytes, length first. Exact for the ASCII names this parser
    /// keeps (it gives objects with other names to JSONDecoder), as `==` is, without `==`'s Unicode comparison of
    /// every pair of different names (the duplicate check and the lookups were 2 % of a 1M-product import's CPU).
    /// Not for other text: `==` is canonical equivalence, and e.g. U+212A KELVIN SIGN equals "K".
    static func sameKey(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a.utf8.elementsEqual(b.utf8)
    }

    private mutating func parseObject(depth: Int) -> FastJSON? {
        index += 1
        var fields: [(String, FastJSON)] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(fields)
        }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = parseString(),
                key.utf8.allSatisfy({ $0 < 0x80 })  // other member names are left to JSONDecoder (see `sameKey`)
            else { return nil }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            guard let value = parseValue(depth: depth + 1) else { return nil }
            // Duplicate keys are left to JSONDecoder.
            if fields.contains(where: { Self.sameKey($0.0, key) }) { return nil }
            fields.append((key, value))
            skipSpace()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { return nil }
            index += 1
            return .object(fields)
        }
    }
}
