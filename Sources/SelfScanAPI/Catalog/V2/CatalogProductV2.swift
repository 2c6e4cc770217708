public import SelfScanCore

/// A product as catalog format v2 writes it: plain named fields, pricing as a tagged object
/// (`{"kind":"unit","price":{"minor":349,"currency":"EUR"}}`), the attributes flattened into the product.
/// See docs/catalog-format.md and docs/schemas/catalog-v2.schema.json.
public struct CatalogProductV2: Sendable, Hashable, Codable {
    public let product: Product

    public init(_ product: Product) { self.product = product }

    private enum CodingKeys: String, CodingKey {
        case id, gtins, itemReference, name, pricing, vatRate, minimumAge, saleStop, alwaysAudit, depositProductID
        case promotionIDs, brand, department, category, description, origin, ingredients, allergens, nutriScore
        case image, netContent, links
    }

    private enum PricingKeys: String, CodingKey { case kind, price }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let pricingContainer = try c.nestedContainer(keyedBy: PricingKeys.self, forKey: .pricing)
        let kind = try pricingContainer.decode(String.self, forKey: .kind)
        let price = try pricingContainer.decode(Money.self, forKey: .price)
        let pricing: ProductPricing
        switch kind {
        case "unit": pricing = .unit(price)
        case "perKilogram": pricing = .perKilogram(price)
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: pricingContainer,
                debugDescription: "pricing kind '\(kind)' is not one of unit, perKilogram")
        }
        let links = try c.decodeIfPresent(ProductLinks.self, forKey: .links) ?? ProductLinks()
        let attributes = ProductAttributes(
            brand: try c.decodeIfPresent(String.self, forKey: .brand),
            department: try c.decodeIfPresent(String.self, forKey: .department),
            category: try c.decodeIfPresent(String.self, forKey: .category),
            description: try c.decodeIfPresent(String.self, forKey: .description),
            origin: try c.decodeIfPresent(String.self, forKey: .origin),
            ingredients: try c.decodeIfPresent(String.self, forKey: .ingredients),
            allergens: try c.decodeIfPresent([String].self, forKey: .allergens) ?? [],
            nutriScore: try c.decodeIfPresent(NutriScore.self, forKey: .nutriScore),
            image: try c.decodeIfPresent(String.self, forKey: .image),
            netContent: try c.decodeIfPresent(NetContent.self, forKey: .netContent),
            links: links)
        product = Product(
            id: try c.decode(ProductID.self, forKey: .id),
            gtins: try c.decodeIfPresent([GTIN].self, forKey: .gtins) ?? [],
            itemReference: try c.decodeIfPresent(String.self, forKey: .itemReference),
            name: try c.decode(String.self, forKey: .name),
            pricing: pricing,
            vatRate: try c.decode(VATRate.self, forKey: .vatRate),
            minimumAge: try c.decodeIfPresent(Int.self, forKey: .minimumAge),
            saleStop: try c.decodeIfPresent(SaleStop.self, forKey: .saleStop),
            alwaysAudit: try c.decodeIfPresent(Bool.self, forKey: .alwaysAudit) ?? false,
            depositProductID: try c.decodeIfPresent(ProductID.self, forKey: .depositProductID),
            promotionIDs: try c.decodeIfPresent([PromotionID].self, forKey: .promotionIDs) ?? [],
            attributes: attributes)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(product.id, forKey: .id)
        try c.encode(product.gtins, forKey: .gtins)
        try c.encodeIfPresent(product.itemReference, forKey: .itemReference)
        try c.encode(product.name, forKey: .name)
        var pricing = c.nestedContainer(keyedBy: PricingKeys.self, forKey: .pricing)
        switch product.pricing {
        case .unit(let money):
            try pricing.encode("unit", forKey: .kind)
            try pricing.encode(money, forKey: .price)
        case .perKilogram(let money):
            try pricing.encode("perKilogram", forKey: .kind)
            try pricing.encode(money, forKey: .price)
        }
        try c.encode(product.vatRate, forKey: .vatRate)
        try c.encodeIfPresent(product.minimumAge, forKey: .minimumAge)
        try c.encodeIfPresent(product.saleStop, forKey: .saleStop)
        try c.encode(product.alwaysAudit, forKey: .alwaysAudit)
        try c.encodeIfPresent(product.depositProductID, forKey: .depositProductID)
        try c.encode(product.promotionIDs, forKey: .promotionIDs)
        guard let attributes = product.attributes else { return }
        try c.encodeIfPresent(attributes.brand, forKey: .brand)
        try c.encodeIfPresent(attributes.department, forKey: .department)
        try c.encodeIfPresent(attributes.category, forKey: .category)
        try c.encodeIfPresent(attributes.description, forKey: .description)
        try c.encodeIfPresent(attributes.origin, forKey: .origin)
        try c.encodeIfPresent(attributes.ingredients, forKey: .ingredients)
        if !attributes.allergens.isEmpty { try c.encode(attributes.allergens, forKey: .allergens) }
        try c.encodeIfPresent(attributes.nutriScore, forKey: .nutriScore)
        try c.encodeIfPresent(attributes.image, forKey: .image)
        try c.encodeIfPresent(attributes.netContent, forKey: .netContent)
        if !attributes.links.isEmpty { try c.encode(attributes.links, forKey: .links) }
    }
}
