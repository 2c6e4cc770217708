public import SelfScanCore

/// What a scanner reader delivers (UnifiedPOS Scanner model): data events, error events, and the
/// device coming and going. Knows nothing of baskets.
public enum ScannerEvent: Sendable, Hashable {
    /// A scanner was found, matched to a profile and (per its claim policy) opened.
    case attached(ScannerDescription)
    /// A scanner went away (unplugged, or released at shutdown).
    case detached(DeviceID)
    /// A scan (UnifiedPOS DataEvent).
    case data(ScanEvent)
    /// A problem on a device (UnifiedPOS ErrorEvent); reading goes on or is retried.
    case error(DeviceID, ScannerError)
}

/// A scanner as `selfscan devices` lists it.
public struct ScannerDescription: Sendable, Hashable, Codable {
    public enum ClaimState: String, Sendable, Hashable, Codable {
        /// Opened exclusively and being read.
        case claimed
        /// Matched a profile whose claim policy is `never`: listed only.
        case notClaimed = "not-claimed"
        /// No profile matches: never claimed.
        case unknown
        /// Claiming failed (permissions, busy); retried with backoff.
        case failed
    }

    public var deviceID: DeviceID
    /// `0c2e:0b61`, or nil for a device without USB ids (serial node given by path).
    public var usbID: String?
    /// Bus/port location, `/dev/ttyACM0` or `/dev/input/event3`.
    public var location: String
    public var product: String?
    public var profileID: String?
    public var protocolName: String?
    public var claim: ClaimState

    public init(deviceID: DeviceID, usbID: String?, location: String, product: String?, profileID: String?,
                protocolName: String?, claim: ClaimState) {
        self.deviceID = deviceID
        self.usbID = usbID
        self.location = location
        self.product = product
        self.profileID = profileID
        self.protocolName = protocolName
        self.claim = claim
    }

    enum CodingKeys: String, CodingKey {
        case deviceID = "device", usbID = "usbId", location, product, profileID = "profile",
             protocolName = "protocol", claim
    }
}
