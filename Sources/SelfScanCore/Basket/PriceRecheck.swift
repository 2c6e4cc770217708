/// A line whose price in a newer catalog differs from the price at scan time.
public struct PriceDifference: Sendable, Hashable, Codable {
    public let lineID: LineID
    public let productID: ProductID
    /// Price per unit (or per kg) stored on the line at scan time.
    public let scannedPrice: Money
    public let scannedVersion: CatalogVersion
    /// Price per unit (or per kg) in the catalog checked against; `nil` when the product is gone.
    public let currentPrice: Money?
    public let currentVersion: CatalogVersion
}

/// Compares a basket's scan-time prices with another catalog version (e.g. the referential's at checkout).
/// The basket keeps the scan-time price; the differences are shown, never hidden or silently applied.
/// Label-priced lines (the price is on the label), staff-priced lines and deposit lines are not compared.
public enum PriceRecheck {
    public static func differences(
        basket: Basket, catalog: any CatalogLookup
    ) throws(CatalogLookupError) -> [PriceDifference] {
        var result: [PriceDifference] = []
        for line in basket.activeItemLines where !line.hasEmbeddedPrice && !line.isStaffPriced {
            let current = try catalog.product(id: line.productID)?.pricing.price
            guard current != line.unitPrice else { continue }
            result.append(PriceDifference(
                lineID: line.id, productID: line.productID, scannedPrice: line.unitPrice,
                scannedVersion: line.catalogVersion, currentPrice: current, currentVersion: catalog.version))
        }
        return result
    }
}
