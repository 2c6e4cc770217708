/// Exponential backoff with jitter: attempt n waits a random time in `[d/2, d]` where
/// `d = min(maximum, base × 2ⁿ)`. Pure: the random draw is passed in, so tests pick it.
public struct BackoffPolicy: Sendable, Hashable {
    public var base: Duration
    public var maximum: Duration

    public init(base: Duration = .milliseconds(500), maximum: Duration = .seconds(300)) {
        self.base = base
        self.maximum = maximum
    }

    /// The wait before retry number `attempt` (0 = first retry); `unitRandom` in `0..<1`.
    public func delay(attempt: Int, unitRandom: Double) -> Duration {
        let exponent = min(max(attempt, 0), 30)
        var ceiling = base * (1 << exponent)
        if ceiling > maximum || ceiling < .zero { ceiling = maximum }
        let fraction = 0.5 + 0.5 * min(max(unitRandom, 0), 1)
        return ceiling * fraction
    }
}
