/// GTIN forms: printed form, prefix kind, and construction from UPC-E and ISBN-10.
extension GTIN {
    /// What the GS1 prefix says about this number.
    public var prefixKind: GTINPrefixKind { GTINPrefixKind(digits14: digits14) }

    /// Whether this is a GTIN-8 (six leading zeros in the 14-digit form).
    public var isGTIN8: Bool { digits14.hasPrefix("000000") }

    /// The form as printed under the bars: 8 digits for a GTIN-8, 13 for an indicator-0 GTIN, else 14.
    public var printedForm: String {
        if isGTIN8 { return String(digits14.suffix(8)) }
        return gtin13 ?? digits14
    }

    /// The `978` GTIN of an ISBN-10 (`2070360024`, `080442957X`): its mod-11 check character is verified,
    /// then the EAN-13 check digit computed (zbar and some scanners report books this way).
    public init(isbn10 text: String) throws(CodeError) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes.prefix(9).allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { throw .badISBN10(text) }
        let body = bytes.prefix(9).map { Int($0) - 0x30 }
        let last = bytes[9]
        let checkValue: Int
        switch last {
        case 0x30...0x39: checkValue = Int(last) - 0x30
        case UInt8(ascii: "X"), UInt8(ascii: "x"): checkValue = 10
        default: throw .badISBN10(text)
        }
        // Weights 10…2 on the body, the check character with weight 1: the sum is a multiple of 11.
        let sum = body.enumerated().reduce(checkValue) { $0 + $1.element * (10 - $1.offset) }
        guard sum % 11 == 0 else { throw .badISBN10(text) }
        let ean = [9, 7, 8] + body
        try self.init(String(decoding: (ean + [GTIN.checkDigit(of: ean)]).map { UInt8($0 + 0x30) }, as: UTF8.self))
    }

    /// A GTIN from a UPC-E code (6 or 8 digits), expanded to UPC-A first.
    public init(upcE text: String) throws(CodeError) {
        try self.init(UPCE.expand(text))
    }
}
