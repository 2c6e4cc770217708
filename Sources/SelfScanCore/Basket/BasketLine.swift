/// How much of a product a line holds, and so how its amount is computed.
public enum LineMeasure: Sendable, Hashable, Codable {
    /// A count of units: `amount = unitPrice × count`.
    case units(Int)
    /// A weight in grams priced per kilogram: `amount = unitPrice × grams / 1000`, rounded half up.
    case weight(grams: Int)
    /// A price printed on the label (scale label, GS1 (392n)): the amount is that price. The weight, when the
    /// label carries it too, is kept for the receipt and audits.
    case labelPrice(Money, grams: Int?)
}

/// Where a line comes from.
public enum LineOrigin: Sendable, Hashable, Codable {
    /// Scanned by the customer.
    case scan
    /// The deposit ("consigne") automatically added with the line `parent`.
    case deposit(parent: LineID)
    /// Added by staff during an audit (an item found in the bag but not scanned).
    case audit(staff: StaffID)
    /// Added by staff at a price they entered, with the reason (an unknown item answered on the handheld).
    case staffPriced(staff: StaffID, reason: StaffPriceReason)
}

/// A basket line: the product as the catalog described it at scan time, with the price of that time and
/// the catalog version it came from. Lines are never erased: a void marks them.
public struct BasketLine: Sendable, Hashable, Codable, Identifiable {
    public let id: LineID
    public let productID: ProductID
    /// Product name at scan time (for the receipt).
    public let name: String
    /// The code as scanned (digits or element string text); the product id for deposit lines.
    public let scannedCode: String
    public var measure: LineMeasure
    /// Price per unit, or per kilogram for weighed lines, at scan time.
    public let unitPrice: Money
    public let vatRate: VATRate
    /// The catalog version the price and promotions come from.
    public let catalogVersion: CatalogVersion
    public let origin: LineOrigin
    /// Minimum customer age at scan time, if restricted.
    public let minimumAge: Int?
    /// The product requires an audit.
    public let alwaysAudit: Bool
    /// The item-level promotions (and item coupons) the product took part in at scan time.
    public let promotionIDs: [PromotionID]
    /// Voided lines stay in the basket (and the log) but count for nothing.
    public var isVoided: Bool

    public init(
        id: LineID, productID: ProductID, name: String, scannedCode: String, measure: LineMeasure, unitPrice: Money,
        vatRate: VATRate, catalogVersion: CatalogVersion, origin: LineOrigin = .scan, minimumAge: Int? = nil,
        alwaysAudit: Bool = false, promotionIDs: [PromotionID] = [], isVoided: Bool = false
    ) {
        self.id = id
        self.productID = productID
        self.name = name
        self.scannedCode = scannedCode
        self.measure = measure
        self.unitPrice = unitPrice
        self.vatRate = vatRate
        self.catalogVersion = catalogVersion
        self.origin = origin
        self.minimumAge = minimumAge
        self.alwaysAudit = alwaysAudit
        self.promotionIDs = promotionIDs
        self.isVoided = isVoided
    }

    /// The number of units (1 for a weighed or label-priced line).
    public var quantity: Int {
        if case .units(let count) = measure { return count }
        return 1
    }

    /// Whether the line's quantity can be changed (counted lines only).
    public var isCounted: Bool {
        if case .units = measure { return true }
        return false
    }

    /// Whether the price came from a label (price-embedded code): the audit policy weighs these.
    public var hasEmbeddedPrice: Bool {
        if case .labelPrice = measure { return true }
        return false
    }

    /// Whether staff entered the line's price by hand (no catalog price to re-check it against).
    public var isStaffPriced: Bool {
        if case .staffPriced = origin { return true }
        return false
    }

    /// Whether the line is a deposit line.
    public var isDeposit: Bool {
        if case .deposit = origin { return true }
        return false
    }

    /// The line's amount before discounts (tax-inclusive). Throws on overflow.
    public func amount() throws(MoneyError) -> Money {
        switch measure {
        case .units(let count): try unitPrice.multiplied(by: Int64(count))
        case .weight(let grams): try unitPrice.scaled(by: Int64(grams), over: 1000, rounding: .halfUp)
        case .labelPrice(let price, _): price
        }
    }
}
