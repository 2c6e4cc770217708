/// Why staff priced an item by hand (an unknown-item alert answered with "add at a price"). Persisted and
/// synced with the line: never rename a case.
public enum StaffPriceReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// The product is on the shelf but not in the catalog the device has.
    case notInCatalog
    /// The barcode could not be read or matched (torn, smudged, wrong label).
    case unreadableCode
    /// The price label is damaged: staff read the price on the shelf tag.
    case damagedLabel
    /// The shelf tag shows a price (an unlisted local offer) that staff apply.
    case shelfPrice
}

extension BasketSession {
    /// Staff add an item at a price they enter (an unknown code answered on the handheld): one counted line
    /// of one unit, marked `staffPriced` with who and why, never re-priced by a catalog. The price is in the
    /// basket's currency, from 1 minor unit to the label-price limit; the session must accept basket changes.
    public mutating func addStaffPricedLine(
        code: String, name: String, price: Money, vatRate: VATRate, reason: StaffPriceReason, staffID: StaffID,
        context: SessionContext
    ) throws(BasketError) -> SessionOutcome {
        guard state.acceptsBasketChanges else { throw illegal("addStaffPricedLine") }
        guard price.currency == basket.currency else { throw .money(.currencyMismatch(basket.currency, price.currency)) }
        let limit = context.limits.maxLabelPriceMinor
        guard price.minor >= 1, price.minor <= limit else {
            throw .staffPriceOutOfRange(price, limit: Money(minor: limit, currency: price.currency))
        }
        guard basket.lines.count < context.limits.maxLines else { throw .tooManyLines(limit: context.limits.maxLines) }
        let line = BasketLine(
            id: nextLineID(), productID: ProductID("staff-priced:\(code)"), name: name, scannedCode: code,
            measure: .units(1), unitPrice: price, vatRate: vatRate, catalogVersion: context.catalog.version,
            origin: .staffPriced(staff: staffID, reason: reason))
        return try record([.lineAdded(line: line)], action: .updateDisplay, context: context)
    }
}
