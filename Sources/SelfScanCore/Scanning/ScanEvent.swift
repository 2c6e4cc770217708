/// A symbology as an AIM identifier (ISO/IEC 15424): `]E0` EAN-13/UPC-A, `]E4` EAN-8, `]C1` GS1-128,
/// `]e0` GS1 DataBar, `]Q1` QR, `]Q3` GS1 QR, `]d2` GS1 DataMatrix, `]A0` Code 39, `]I0` ITF, `]X0` unknown.
public struct AIMIdentifier: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Three characters: `]`, the code character, the modifier.
    public let value: String

    public init?(_ value: String) {
        let chars = Array(value)
        guard chars.count == 3, chars[0] == "]", chars[1].isASCII, chars[1].isLetter,
              chars[2].isASCII, chars[2].isLetter || chars[2].isNumber
        else { return nil }
        self.value = value
    }

    public static let ean13 = AIMIdentifier(unchecked: "]E0")
    public static let ean8 = AIMIdentifier(unchecked: "]E4")
    public static let gs1_128 = AIMIdentifier(unchecked: "]C1")
    public static let code128 = AIMIdentifier(unchecked: "]C0")
    public static let dataBar = AIMIdentifier(unchecked: "]e0")
    public static let qr = AIMIdentifier(unchecked: "]Q1")
    public static let gs1QR = AIMIdentifier(unchecked: "]Q3")
    public static let gs1DataMatrix = AIMIdentifier(unchecked: "]d2")
    public static let code39 = AIMIdentifier(unchecked: "]A0")
    public static let itf = AIMIdentifier(unchecked: "]I0")
    public static let unknown = AIMIdentifier(unchecked: "]X0")

    private init(unchecked: String) { value = unchecked }

    /// Whether the payload is GS1 element-string data (FNC1 in first position).
    public var isGS1: Bool { [Self.gs1_128, .dataBar, .gs1QR, .gs1DataMatrix].contains(self) }

    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = AIMIdentifier(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad AIM id \(text)"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// Identifies a scanner (or camera, or API client acting as one) on this daemon.
public struct DeviceID: StringIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// One scan, as any input delivers it (UnifiedPOS DataEvent): knows nothing of baskets.
public struct ScanEvent: Sendable, Hashable, Codable {
    public let deviceID: DeviceID
    /// The symbology, when the device or decoder reports it; `nil` when a wedge scanner sends no AIM id.
    public let symbology: AIMIdentifier?
    /// The payload bytes as scanned (GS1 separators as 0x1D), without the AIM prefix.
    public let payload: [UInt8]
    /// When the scan completed (encoded as `timestampNanos`, Int64 ns).
    public let timestamp: Instant

    public init(deviceID: DeviceID, symbology: AIMIdentifier?, payload: [UInt8], timestamp: Instant) {
        self.deviceID = deviceID
        self.symbology = symbology
        self.payload = payload
        self.timestamp = timestamp
    }

    enum CodingKeys: String, CodingKey {
        case deviceID, symbology, payload
        case timestamp = "timestampNanos"
    }

    /// The payload as text when it is valid UTF-8.
    public var text: String? { String(validating: payload, as: UTF8.self) }
}
