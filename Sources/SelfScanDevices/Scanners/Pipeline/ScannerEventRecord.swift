public import SelfScanCore

/// A `ScannerEvent` as one JSON object (for `selfscan devices --read` and the daemon's API):
/// `{"event":"data","device":"usb:1-3","symbology":"]E0","text":"5901234123457","payloadHex":"…","timestampNanos":…}`.
public struct ScannerEventRecord: Sendable, Hashable, Encodable {
    public let event: String
    public let device: String
    public var symbology: String?
    public var text: String?
    public var payloadHex: String?
    public var timestampNanos: Int64?
    public var error: ScannerError.Code?
    public var detail: String?
    public var systemCode: Int32?
    public var scanner: ScannerDescription?

    public init(_ scannerEvent: ScannerEvent) {
        switch scannerEvent {
        case .data(let scan):
            event = "data"
            device = scan.deviceID.rawValue
            symbology = scan.symbology?.value
            text = scan.text
            payloadHex = HexBytes.format(scan.payload)
            timestampNanos = scan.timestamp.nanosecondsSinceEpoch
        case .error(let id, let scannerError):
            event = "error"
            device = id.rawValue
            error = scannerError.code
            detail = scannerError.detail
            systemCode = scannerError.systemCode
        case .attached(let description):
            event = "attached"
            device = description.deviceID.rawValue
            scanner = description
        case .detached(let id):
            event = "detached"
            device = id.rawValue
        }
    }
}
