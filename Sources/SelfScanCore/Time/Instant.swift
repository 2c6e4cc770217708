public import FoundationEssentials

/// A point in time: exact integer nanoseconds since the Unix epoch (1970-01-01T00:00:00Z), no floating point.
///
/// The one representation of "when" in code. Spans between instants are Swift `Duration`s
/// (`instant + .seconds(30)`, `later - earlier`). Conversions happen only at the boundaries: `Instant(date:)` /
/// `.date` where Foundation is needed, `.unixSeconds` / `Instant(unixSeconds:)` for formats that store whole
/// seconds (signed passes, the exit ledger line), and ISO 8601 text through the writers in SelfScanAPI
/// (`ISO8601Seconds`, `CatalogInstant`). Elapsed-time measurements (device read timeouts, debouncing) are a
/// different concept and stay on `ContinuousClock` / monotonic time.
public struct Instant: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Nanoseconds since the Unix epoch (negative before it).
    public let nanosecondsSinceEpoch: Int64

    public init(nanosecondsSinceEpoch: Int64) { self.nanosecondsSinceEpoch = nanosecondsSinceEpoch }

    /// The Unix epoch.
    public static let epoch = Instant(nanosecondsSinceEpoch: 0)

    /// The instant at whole `unixSeconds` since the epoch.
    public init(unixSeconds: Int64) { self.init(nanosecondsSinceEpoch: unixSeconds * Self.nanosPerSecond) }

    /// Whole seconds since the epoch, rounded down (towards the past), for formats that store seconds.
    public var unixSeconds: Int64 {
        let (quotient, remainder) = nanosecondsSinceEpoch.quotientAndRemainder(dividingBy: Self.nanosPerSecond)
        return remainder < 0 ? quotient - 1 : quotient
    }

    /// The instant of a Foundation `Date`, truncated to the nanosecond (a `Date` is a `Double` of seconds).
    public init(date: Date) {
        self.init(nanosecondsSinceEpoch: Int64(date.timeIntervalSince1970 * Double(Self.nanosPerSecond)))
    }

    /// This instant as a Foundation `Date` (for APIs that take one; may lose sub-microsecond precision).
    public var date: Date {
        let seconds = unixSeconds
        let nanos = nanosecondsSinceEpoch - seconds * Self.nanosPerSecond
        return Date(timeIntervalSince1970: Double(seconds) + Double(nanos) / Double(Self.nanosPerSecond))
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.nanosecondsSinceEpoch < rhs.nanosecondsSinceEpoch
    }

    public static func + (lhs: Instant, rhs: Duration) -> Instant {
        Instant(nanosecondsSinceEpoch: lhs.nanosecondsSinceEpoch + rhs.wholeNanoseconds)
    }

    public static func - (lhs: Instant, rhs: Duration) -> Instant {
        Instant(nanosecondsSinceEpoch: lhs.nanosecondsSinceEpoch - rhs.wholeNanoseconds)
    }

    /// The span from `rhs` to `lhs` (negative if `lhs` is earlier).
    public static func - (lhs: Instant, rhs: Instant) -> Duration {
        .nanoseconds(lhs.nanosecondsSinceEpoch - rhs.nanosecondsSinceEpoch)
    }

    public static func += (lhs: inout Instant, rhs: Duration) { lhs = lhs + rhs }

    public var description: String { "Instant(\(nanosecondsSinceEpoch) ns)" }

    static let nanosPerSecond: Int64 = 1_000_000_000
}

/// Encoded as its Int64 nanoseconds since the epoch: the event log's and the scan records' stored form
/// (`"timestampNanos": 1795000000123456789`). Wire formats meant for people carry ISO 8601 text instead.
extension Instant: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(nanosecondsSinceEpoch: try decoder.singleValueContainer().decode(Int64.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(nanosecondsSinceEpoch)
    }
}

extension Duration {
    /// The span in whole nanoseconds (truncated towards zero; exact for spans built from ns, ms, s).
    public var wholeNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * Instant.nanosPerSecond + attoseconds / 1_000_000_000
    }
}
