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
