/// The time source of a session, injected so decisions stay pure and tests need no sleeps.
public protocol SessionClock: Sendable {
    /// Nanoseconds since the Unix epoch.
    func nowNanos() -> Int64
}

/// A clock that only moves when told (tests, replays, the demo's simulated trip).
public struct ManualClock: SessionClock {
    public var nanos: Int64

    public init(nanos: Int64) { self.nanos = nanos }

    public func nowNanos() -> Int64 { nanos }

    /// Moves the clock forward.
    public mutating func advance(byNanos delta: Int64) { nanos += delta }
}
