/// SplitMix64: a small deterministic generator so property tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` random digits.
    mutating func digits(_ count: Int) -> [Int] { (0..<count).map { _ in Int.random(in: 0...9, using: &self) } }
}

func text(_ digits: [Int]) -> String { digits.map(String.init).joined() }

/// `body` followed by its GS1 check digit.
func withCheckDigit(_ body: String) -> String {
    body + String(GTIN.checkDigit(of: body.map { Int(String($0)) ?? 0 }))
}

import SelfScanCore
