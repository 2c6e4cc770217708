/// SplitMix64: a small, fast, seeded `RandomNumberGenerator`. Same seed, same sequence, on every platform
/// (the standard library's generator is not seedable). Used by the audit draw, the demo catalog and tests.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable, Codable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A uniform integer in `0..<upperBound` (upperBound > 0), without modulo bias.
    public mutating func uniform(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "an empty range is a bug: callers check")
        return Int(next(upperBound: UInt64(upperBound)))
    }
}
