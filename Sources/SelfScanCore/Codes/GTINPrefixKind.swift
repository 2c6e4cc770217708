/// What the GS1 prefix of a GTIN says about it (GS1 General Specifications, GS1 Prefix table and
/// section 2.1.13 on Restricted Circulation Numbers).
public enum GTINPrefixKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// An ordinary trade item number allocated through a GS1 Member Organisation.
    case tradeItem
    /// RCN within a geographic region (GS1 prefixes 02 and 20–29): variable-measure items and other
    /// uses set per country — decoded by a `Nomenclature`.
    case restrictedRegional
    /// RCN within a company (GS1 prefix 04 / U.P.C. prefix 4, and RCN-8 prefixes 0 and 2): the store
    /// chain's own numbering — decoded by a `Nomenclature`.
    case restrictedCompany
    /// Books (Bookland, GS1 prefixes 978 and 979 except 979-0).
    case isbn
    /// Printed music (GS1 prefix 979-0).
    case ismn
    /// Serial publications (GS1 prefix 977).
    case issn
    /// Refund receipts (GS1 prefix 980), e.g. bottle-deposit machine vouchers.
    case refundReceipt
    /// Coupons: GS1 prefixes 981–984 (common currency areas), 99, and legacy U.P.C. number system 5 (05).
    case coupon
    /// GS1 prefix 952, reserved for demonstrations and examples.
    case demonstration

    /// Whether the number is a Restricted Circulation Number (only meaningful through a nomenclature).
    public var isRestrictedCirculation: Bool { self == .restrictedRegional || self == .restrictedCompany }

    /// The kind of a GTIN in 14-digit form. GTIN-8s (the last 8 digits after six zeros) are classified by
    /// their GS1-8 prefix; longer GTINs by the GS1 prefix after the indicator digit.
    public init(digits14: String) {
        let digits = Array(digits14.utf8).map { Int($0) - 0x30 }
        guard digits.count == 14 else {
            self = .tradeItem
            return
        }
        if digits.prefix(6).allSatisfy({ $0 == 0 }) {
            // GTIN-8: RCN-8 prefixes are 0 and 2 (GS1 General Specifications 2.1.6.1).
            self = (digits[6] == 0 || digits[6] == 2) ? .restrictedCompany : .tradeItem
            return
        }
        let prefix2 = digits[1] * 10 + digits[2]
        let prefix3 = prefix2 * 10 + digits[3]
        switch prefix3 {
        case 20...29, 200...299: self = .restrictedRegional
        case 40...49: self = .restrictedCompany
        case 50...59, 981...984, 990...999: self = .coupon
        case 977: self = .issn
        case 978: self = .isbn
        case 979: self = digits[4] == 0 ? .ismn : .isbn
        case 980: self = .refundReceipt
        case 952: self = .demonstration
        default: self = .tradeItem
        }
    }
}

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
