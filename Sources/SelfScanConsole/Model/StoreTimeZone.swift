import Foundation

/// The store's time zone as the console uses it: the daemon's `timeZone` (`GET /v1/status`), or the console
/// machine's own zone when the daemon does not say (older daemons) or names a zone this machine does not know.
public enum StoreTimeZone {
    /// The store's offset from UTC, in seconds, at the unix-millisecond instant `millis`.
    public static func utcOffsetSeconds(_ identifier: String?, at millis: Int64) -> Int {
        let zone = identifier.flatMap { TimeZone(identifier: $0) } ?? TimeZone.current
        return zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(millis) / 1000))
    }
}
