/// A VAT rate in basis points: 2000 = 20 %, 550 = 5.5 %, 210 = 2.1 % (the French rates).
public struct VATRate: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let basisPoints: Int

    public init(basisPoints: Int) throws(VATRateError) {
        guard (0...10_000).contains(basisPoints) else { throw .outOfRange(basisPoints) }
        self.basisPoints = basisPoints
    }

    public static let frStandard = VATRate(unchecked: 2000)
    public static let frIntermediate = VATRate(unchecked: 1000)
    public static let frReduced = VATRate(unchecked: 550)
    public static let frSuperReduced = VATRate(unchecked: 210)
    public static let zero = VATRate(unchecked: 0)

    private init(unchecked: Int) { basisPoints = unchecked }

    /// The VAT contained in a tax-inclusive amount: `gross × rate / (10000 + rate)`, rounded half up.
    /// French retail prices are tax-inclusive (TTC); VAT is extracted per rate on the total of that rate.
    public func vatIncluded(in gross: Money) throws(MoneyError) -> Money {
        try gross.scaled(by: Int64(basisPoints), over: Int64(10_000 + basisPoints), rounding: .halfUp)
    }

    public static func < (lhs: VATRate, rhs: VATRate) -> Bool { lhs.basisPoints < rhs.basisPoints }

    /// `20%`, `5.5%`, `2.1%`.
    public var description: String {
        let whole = basisPoints / 100
        let fraction = basisPoints % 100
        if fraction == 0 { return "\(whole)%" }
        let text = fraction % 10 == 0 ? "\(fraction / 10)" : (fraction < 10 ? "0\(fraction)" : "\(fraction)")
        return "\(whole).\(text)%"
    }

    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(Int.self)
        self = try VATRate(basisPoints: value)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(basisPoints)
    }
}

public enum VATRateError: Error, Sendable, Hashable, CustomStringConvertible {
    case outOfRange(Int)
    public var description: String {
        switch self {
        case .outOfRange(let bps): "VAT rate \(bps) basis points is outside 0...10000"
        }
    }
}
