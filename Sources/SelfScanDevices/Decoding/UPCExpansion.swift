import SelfScanCore

/// zbar's UPC-E and ISBN-10 reports → the 13-digit EAN-13 form the catalog and the corpus use. The
/// expansions themselves are the core's (`UPCE.expand`, `GTIN(isbn10:)`): this only adapts zbar's forms.
enum UPCExpansion {
    /// UPC-E as zbar reports it: 8 digits (number system + 6 digits + check, verified), 7 digits (number
    /// system + 6 digits, check computed; number system 0 only) or 6 digits (number system 0 implied) →
    /// `0` + UPC-A. 13 digits are already expanded. Nil for anything else.
    static func ean13(fromUPCE data: [UInt8]) -> [UInt8]? {
        guard data.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        if data.count == 13 { return data }
        var text = String(decoding: data, as: UTF8.self)
        if data.count == 7 {
            guard data.first == UInt8(ascii: "0") else { return nil }
            text.removeFirst()
        }
        guard let upcA = try? UPCE.expand(text) else { return nil }
        return Array(("0" + upcA).utf8)
    }

    /// ISBN-10 (9 digits + check digit or X, verified) → the `978` EAN-13.
    static func ean13(fromISBN10 data: [UInt8]) -> [UInt8]? {
        guard let gtin = try? GTIN(isbn10: String(decoding: data, as: UTF8.self)), let ean = gtin.gtin13 else {
            return nil
        }
        return Array(ean.utf8)
    }
}
