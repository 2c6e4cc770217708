/// How a product is priced. All prices are tax-inclusive (TTC), as French retail displays them.
public enum ProductPricing: Sendable, Hashable, Codable {
    /// A price per item (most products).
    case unit(Money)
    /// A price per kilogram: the line amount is `weight × price`, rounded half up to the cent.
    /// Scanned as a weight-embedded label, GS1 (3103), or a price-embedded label computed by the scale.
    case perKilogram(Money)

    /// The price, whatever its unit.
    public var price: Money {
        switch self {
        case .unit(let money), .perKilogram(let money): money
        }
    }
}

/// Why a product may not be sold at the moment (a "blocage à la vente").
public enum SaleStopReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// Product recall (rappel produit).
    case recall
    /// A regulation forbids selling it now (e.g. alcohol sale hours, local decree).
    case regulatory
    /// The shelf or catalog price is wrong and is being corrected.
    case pricingError
    /// Quality problem found in store.
    case quality
    /// Any other reason given by the referential.
    case other
}

/// A sale stop: the product stays in the catalog but a scan is refused with this reason.
public struct SaleStop: Sendable, Hashable, Codable {
    public let reason: SaleStopReason
    /// Free text from the referential for staff (shown to staff, never parsed).
    public let note: String?

    public init(reason: SaleStopReason, note: String? = nil) {
        self.reason = reason
        self.note = note
    }
}

/// A product of the catalog, as the referential publishes it.
public struct Product: Sendable, Hashable, Codable, Identifiable {
    /// Internal code (the referential's key).
    public let id: ProductID
    /// Trade item numbers that identify it (an item may have several: pack sizes, old labels).
    public let gtins: [GTIN]
    /// Item reference for variable-measure labels (digits 3–7 of a `2x` EAN-13, nomenclature-dependent).
    public let itemReference: String?
    public let name: String
    public let pricing: ProductPricing
    public let vatRate: VATRate
    /// Minimum customer age (e.g. 18 for alcohol); `nil` when the sale is unrestricted.
    public let minimumAge: Int?
    /// Set when the product must not be sold now.
    public let saleStop: SaleStop?
    /// Scanning it always triggers an audit (high-theft or high-value items).
    public let alwaysAudit: Bool
    /// The deposit ("consigne") product added automatically with each unit, if any.
    public let depositProductID: ProductID?
    /// Item-level promotions (and item coupons) this product takes part in.
    public let promotionIDs: [PromotionID]
    /// Brand, department, Nutri-Score, net content, links… (catalog format v2); `nil` when none are known.
    public let attributes: ProductAttributes?

    public init(
        id: ProductID, gtins: [GTIN] = [], itemReference: String? = nil, name: String, pricing: ProductPricing,
        vatRate: VATRate, minimumAge: Int? = nil, saleStop: SaleStop? = nil, alwaysAudit: Bool = false,
        depositProductID: ProductID? = nil, promotionIDs: [PromotionID] = [], attributes: ProductAttributes? = nil
    ) {
        self.id = id
        self.gtins = gtins
        self.itemReference = itemReference
        self.name = name
        self.pricing = pricing
        self.vatRate = vatRate
        self.minimumAge = minimumAge
        self.saleStop = saleStop
        self.alwaysAudit = alwaysAudit
        self.depositProductID = depositProductID
        self.promotionIDs = promotionIDs
        self.attributes = attributes.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether a scan of this product is refused.
    public var isSaleStopped: Bool { saleStop != nil }

    /// The price per kilogram or litre for the shelf label: a per-kg product's own price, else the unit price
    /// from its net content; `nil` when the catalog gives no net content.
    public var unitPricePerMeasure: (price: Money, unit: MeasureUnit)? {
        switch pricing {
        case .perKilogram(let money): return (money, .kilogram)
        case .unit(let money):
            guard let content = attributes?.netContent, let price = content.unitPrice(of: money) else { return nil }
            return (price, content.unit)
        }
    }
}
