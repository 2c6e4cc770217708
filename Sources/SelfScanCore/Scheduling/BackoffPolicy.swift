/// Exponential backoff, the one retry schedule of every loop that waits after a failure (sync push and pull,
/// scanner re-open, serial reconnect, the console's event stream). Attempt n's ceiling is
/// `d = min(maximum, base × 2ⁿ)`; with jitter the wait is a random time in `[d/2, d]`. Pure: the random draw
/// is passed in, so tests pick it.
public struct BackoffPolicy: Sendable, Hashable {
    public var base: Duration
    public var maximum: Duration

    public init(base: Duration = .milliseconds(500), maximum: Duration = .seconds(300)) {
        self.base = base
        self.maximum = maximum
    }

    /// The wait without jitter before retry number `attempt` (0 = first retry): `min(maximum, base × 2ⁿ)`.
    public func ceiling(attempt: Int) -> Duration {
        let exponent = min(max(attempt, 0), 30)
        let ceiling = base * (1 << exponent)
        return ceiling > maximum || ceiling < .zero ? maximum : ceiling
    }

    /// The wait with jitter before retry number `attempt` (0 = first retry); `unitRandom` in `0..<1`.
    public func delay(attempt: Int, unitRandom: Double) -> Duration {
        let fraction = 0.5 + 0.5 * min(max(unitRandom, 0), 1)
        return ceiling(attempt: attempt) * fraction
    }
}

extension Duration {
    /// Whole milliseconds (rounded down), for loops that nap in millisecond steps.
    public var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
