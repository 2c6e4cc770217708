public import FoundationEssentials

/// The one injected source of "now": sessions, promotions and the daemon read time only through it, so
/// decisions stay pure and tests need no sleeps. It answers an `Instant`; spans are `Duration`s.
public protocol SessionClock: Sendable {
    /// The current instant.
    func now() -> Instant
}

/// The system's wall clock (the production implementation).
public struct SystemClock: SessionClock {
    public init() {}

    public func now() -> Instant { Instant(date: Date()) }
}

/// A clock that only moves when told (tests, replays, the demo's simulated trip, a refund priced at payment).
public struct ManualClock: SessionClock {
    public var instant: Instant

    public init(at instant: Instant) { self.instant = instant }

    public func now() -> Instant { instant }

    /// Moves the clock forward by `span`.
    public mutating func advance(by span: Duration) { instant += span }
}
