/// Store setting: which price is charged when the referential's price at checkout differs from the price the
/// line was scanned at. Either way the difference is shown to the shopper, never hidden.
public enum PriceConflictRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// Charge what the shopper saw when scanning (default: the shelf promise holds).
    case chargeScanPrice
    /// Charge the referential's current price.
    case chargeCurrentPrice
}
