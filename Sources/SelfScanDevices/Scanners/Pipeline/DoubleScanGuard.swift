public import SelfScanCore

/// The same code from the same device within a window is one scan (a trigger held, or a scanner in
/// continuous mode re-reading the label). Pure: the caller passes a monotonic time in nanoseconds.
public struct DoubleScanGuard: Sendable {
    public let windowNanos: UInt64
    private var last: [DeviceID: (symbology: AIMIdentifier?, payload: [UInt8], at: UInt64)] = [:]

    public init(windowMillis: Int = ScannerProfile.defaultDoubleScanWindowMillis) {
        windowNanos = UInt64(max(0, windowMillis)) * 1_000_000
    }

    /// Whether this scan is new (deliver it) or a repeat within the window (drop it). A repeat does not
    /// extend the window: a label read every 40 ms with a 50 ms window is delivered every other time.
    public mutating func admit(device: DeviceID, scan: DecodedScan, at now: UInt64) -> Bool {
        if let previous = last[device], previous.payload == scan.payload, previous.symbology == scan.symbology,
           now >= previous.at, now - previous.at < windowNanos {
            return false
        }
        last[device] = (scan.symbology, scan.payload, now)
        return true
    }

    /// Forgets a device (on detach).
    public mutating func forget(_ device: DeviceID) { last[device] = nil }
}
