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
    /// Position of each line in `lines` (derived, for constant-time lookups).
    private var indexByLineID: [LineID: Int]
    /// Sum of the active lines' amounts in minor units (derived; kept so overflow is caught per change).
    private var activeAmountMinor: Int64

    public init(currency: Currency) {
        self.currency = currency
        lines = []
        coupons = []
        customerID = nil
        unknownCodeCount = 0
        refusedScanCount = 0
        customerVoidCount = 0
        indexByLineID = [:]
        activeAmountMinor = 0
    }

    private enum CodingKeys: String, CodingKey {
        case currency, lines, coupons, customerID, unknownCodeCount, refusedScanCount, customerVoidCount
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        currency = try container.decode(Currency.self, forKey: .currency)
        lines = try container.decode([BasketLine].self, forKey: .lines)
        coupons = try container.decode([AppliedCoupon].self, forKey: .coupons)
        customerID = try container.decodeIfPresent(CustomerID.self, forKey: .customerID)
        unknownCodeCount = try container.decode(Int.self, forKey: .unknownCodeCount)
        refusedScanCount = try container.decode(Int.self, forKey: .refusedScanCount)
        customerVoidCount = try container.decode(Int.self, forKey: .customerVoidCount)
        indexByLineID = Dictionary(lines.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var total = Money.zero(currency)
        for line in lines where !line.isVoided { total = try total.adding(line.amount()) }
        activeAmountMinor = total.minor
    }

    /// Lines that count: not voided.
    public var activeLines: [BasketLine] { lines.filter { !$0.isVoided } }

    /// Active item lines (no deposits): what promotions and audits look at.
    public var activeItemLines: [BasketLine] { lines.filter { !$0.isVoided && !$0.isDeposit } }

    public func line(_ id: LineID) -> BasketLine? { indexByLineID[id].map { lines[$0] } }

    /// The active deposit lines attached to `parent`.
    public func depositLines(of parent: LineID) -> [BasketLine] {
        lines.filter { !$0.isVoided && $0.origin == .deposit(parent: parent) }
    }

    /// Appends a line; throws (and changes nothing) when the basket's amount would overflow.
    mutating func append(_ line: BasketLine) throws(MoneyError) {
        let total = try Self.adding(activeAmountMinor, Self.contribution(of: line))
        indexByLineID[line.id] = lines.count
        lines.append(line)
        activeAmountMinor = total
    }

    mutating func append(_ coupon: AppliedCoupon) { coupons.append(coupon) }

    /// Changes a line; throws (and changes nothing) when the basket's amount would overflow.
    mutating func update(_ id: LineID, _ change: (inout BasketLine) -> Void) throws(MoneyError) {
        guard let index = indexByLineID[id] else { return }
        var line = lines[index]
        let before = try Self.contribution(of: line)
        change(&line)
        let total = try Self.adding(activeAmountMinor - before, Self.contribution(of: line))
        lines[index] = line
        activeAmountMinor = total
    }

    private static func contribution(of line: BasketLine) throws(MoneyError) -> Int64 {
        line.isVoided ? 0 : try line.amount().minor
    }

    private static func adding(_ a: Int64, _ b: Int64) throws(MoneyError) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        guard !overflow else { throw .overflow }
        return sum
    }
}
