public import Foundation

// The daemon keeps instants as Unix seconds (or milliseconds for events) from its injected clock; on the
// wire every instant is ISO 8601 UTC text (`ProtocolJSON`). These are the one conversion at the boundary.
extension Date {
    /// The instant `seconds` after the Unix epoch.
    public init(unixSeconds seconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// The instant `milliseconds` after the Unix epoch.
    public init(unixMilliseconds milliseconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(milliseconds) / 1000)
    }

    /// Whole seconds since the Unix epoch (rounded down).
    public var unixSeconds: Int64 { Int64(timeIntervalSince1970.rounded(.down)) }

    /// Whole milliseconds since the Unix epoch (rounded down).
    public var unixMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }
}
