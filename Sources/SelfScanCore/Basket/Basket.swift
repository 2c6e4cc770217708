/// The basket of one session: every line ever added (voided ones marked), the coupons, the customer, and
/// the counters the audit policy reads. Built only by applying events (`BasketSession`), so replaying the
/// log rebuilds it exactly.
public struct Basket: Sendable, Hashable, Codable {
    public let currency: Currency
    /// Lines in the order they were added, voided ones included.
    public private(set) var lines: [BasketLine]
    public private(set) var coupons: [AppliedCoupon]
    /// The identified loyalty customer, if any.
    public internal(set) var customerID: CustomerID?
    /// Codes that matched nothing during the trip.
    public internal(set) var unknownCodeCount: Int
    /// Scans refused because of a sale stop.
    public internal(set) var refusedScanCount: Int
    /// Lines the customer voided (deposits and staff/audit voids are not counted).
    public internal(set) var customerVoidCount: Int

    public init(currency: Currency) {
        self.currency = currency
        lines = []
        coupons = []
        customerID = nil
        unknownCodeCount = 0
        refusedScanCount = 0
        customerVoidCount = 0
    }

    /// Lines that count: not voided.
    public var activeLines: [BasketLine] { lines.filter { !$0.isVoided } }

    /// Active item lines (no deposits): what promotions and audits look at.
    public var activeItemLines: [BasketLine] { lines.filter { !$0.isVoided && !$0.isDeposit } }

    public func line(_ id: LineID) -> BasketLine? { lines.first { $0.id == id } }

    /// The active deposit lines attached to `parent`.
    public func depositLines(of parent: LineID) -> [BasketLine] {
        lines.filter { !$0.isVoided && $0.origin == .deposit(parent: parent) }
    }

    mutating func append(_ line: BasketLine) { lines.append(line) }

    mutating func append(_ coupon: AppliedCoupon) { coupons.append(coupon) }

    mutating func update(_ id: LineID, _ change: (inout BasketLine) -> Void) {
        guard let index = lines.firstIndex(where: { $0.id == id }) else { return }
        change(&lines[index])
    }
}
