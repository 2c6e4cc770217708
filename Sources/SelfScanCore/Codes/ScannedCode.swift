/// What one scanned payload means, as `CodeInterpreter` classifies it. The basket consumes this.
public enum ScannedCode: Sendable, Hashable {
    /// A plain trade item number (GTIN-8/12/13/14, UPC-E expanded), check digit valid.
    case gtin(GTIN)
    /// A restricted-circulation EAN-13 whose digits embed a weight, price or count (prefixes 02, 20–29).
    case variableMeasure(VariableMeasureCode)
    /// GS1 element string data (GS1-128, DataBar Expanded, GS1 QR/DataMatrix).
    case gs1(GS1ElementString)
    /// A GS1 Digital Link URI; its AIs as parsed.
    case digitalLink(GS1ElementString, uri: String)
    /// A loyalty card number.
    case loyaltyCard(String)
    /// A coupon: its code and, when the code embeds one, its face value.
    case coupon(CouponCode)
    /// A staff badge id.
    case staffBadge(String)
    /// A signed basket hand-off token (opaque here; verified by the daemon).
    case basketHandoff(String)
    /// A signed exit pass token (opaque here; verified by the gate).
    case exitPass(String)
    /// Anything else: the raw payload is kept for the audit log.
    case unrecognised(raw: [UInt8])
}

/// A coupon as scanned.
public struct CouponCode: Sendable, Hashable, Codable {
    public let code: String
    /// Face value when the code embeds it (e.g. a variable-measure coupon rule), else `nil`.
    public let value: Money?
    /// The coupon's own serial (`selfscan:coupon:<code>/<serial>`), when it is a single-use coupon: the
    /// referential spends a serial once chain-wide.
    public let serial: String?

    public init(code: String, value: Money?, serial: String? = nil) {
        self.code = code
        self.value = value
        self.serial = serial
    }
}

/// The measure a variable-measure code embeds.
public enum EmbeddedMeasure: Sendable, Hashable, Codable {
    case weightGrams(Int)
    case price(Money)
    case count(Int)
}

/// A variable-measure (restricted circulation) code decoded by a nomenclature rule.
public struct VariableMeasureCode: Sendable, Hashable, Codable {
    /// The item reference digits, which map to a catalog product's internal code.
    public let itemReference: String
    public let measure: EmbeddedMeasure
    /// Name of the nomenclature rule that matched (for explanations and audit logs).
    public let ruleName: String
    /// The full code as scanned (13 digits).
    public let code: String

    public init(itemReference: String, measure: EmbeddedMeasure, ruleName: String, code: String) {
        self.itemReference = itemReference
        self.measure = measure
        self.ruleName = ruleName
        self.code = code
    }
}
