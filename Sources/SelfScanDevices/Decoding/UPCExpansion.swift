import SelfScanCore

/// UPC-E and ISBN-10 conversions to the 13-digit EAN-13 form the catalog and the corpus use.
enum UPCExpansion {
    /// UPC-E as zbar reports it (number system + 6 digits + check, 8 digits; or 6/7 digits) → `0` + UPC-A.
    static func ean13(fromUPCE data: [UInt8]) -> [UInt8]? {
        guard data.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        var digits = data.map { Int($0 - 0x30) }
        if digits.count == 13 { return data }  // already expanded
        if digits.count == 6 { digits = [0] + digits }
        if digits.count == 7 {
            digits.append(0)  // check digit computed below
        }
        guard digits.count == 8, digits[0] == 0 || digits[0] == 1 else { return nil }
        let d = Array(digits[1...6])
        let body: [Int]
        switch d[5] {
        case 0, 1, 2: body = [digits[0], d[0], d[1], d[5], 0, 0, 0, 0, d[2], d[3], d[4]]
        case 3: body = [digits[0], d[0], d[1], d[2], 0, 0, 0, 0, 0, d[3], d[4]]
        case 4: body = [digits[0], d[0], d[1], d[2], d[3], 0, 0, 0, 0, 0, d[4]]
        default: body = [digits[0], d[0], d[1], d[2], d[3], d[4], 0, 0, 0, 0, d[5]]
        }
        let check = GTIN.checkDigit(of: body)
        if data.count == 8, digits[7] != check { return nil }
        return ([0] + body + [check]).map { UInt8(0x30 + $0) }
    }

    /// ISBN-10 (9 digits + check digit or X) → the `978` EAN-13.
    static func ean13(fromISBN10 data: [UInt8]) -> [UInt8]? {
        guard data.count == 10, data.prefix(9).allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let body = [9, 7, 8] + data.prefix(9).map { Int($0 - 0x30) }
        return (body + [GTIN.checkDigit(of: body)]).map { UInt8(0x30 + $0) }
    }
}
