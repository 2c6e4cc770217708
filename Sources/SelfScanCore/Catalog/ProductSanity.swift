/// What a catalog may say about a product's price and age restriction. A record outside these bounds is an
/// error in the exporting system (a sign slip, a unit mistake, an overflow), never a product to sell: the
/// importers refuse it with its line, whatever the format (JSON Lines catalog file, CSV import).
public enum ProductSanity {
    /// The highest price per unit or per kilogram, in major units (100 000.00 € per item or per kg).
    public static let maximumPriceMajorUnits: Int64 = 100_000
    /// The highest minimum age a restriction may name.
    public static let maximumMinimumAge = 99

    /// The highest price in minor units for `currency` (100 000 major units).
    public static func maximumPriceMinor(for currency: Currency) -> Int64 {
        var scale: Int64 = 1
        for _ in 0..<max(currency.minorUnits, 0) { scale *= 10 }
        return maximumPriceMajorUnits * scale
    }

    /// Why `product` cannot be sold as described, or `nil` when it can. Prices must be at least one minor
    /// unit and at most `maximumPriceMajorUnits`; a minimum age must be 0…`maximumMinimumAge`.
    public static func problem(with product: Product) -> String? {
        let price = product.pricing.price
        let limit = maximumPriceMinor(for: price.currency)
        let unit: String
        switch product.pricing {
        case .unit: unit = "price"
        case .perKilogram: unit = "price per kg"
        }
        if price.minor <= 0 {
            return "product \(product.id): \(unit) \(price) must be more than zero"
        }
        if price.minor > limit {
            return "product \(product.id): \(unit) \(price) is above the limit of "
                + "\(Money(minor: limit, currency: price.currency))"
        }
        if let age = product.minimumAge, !(0...maximumMinimumAge).contains(age) {
            return "product \(product.id): minimum age \(age) must be 0…\(maximumMinimumAge)"
        }
        if let content = product.attributes?.netContent, content.quantity <= 0 {
            return "product \(product.id): net content \(content.quantity) must be more than zero"
        }
        if let links = product.attributes?.links,
            links.complements.contains(product.id) || links.substitutes.contains(product.id)
        {
            return "product \(product.id) links to itself"
        }
        return nil
    }
}
