public import SelfScanCore

/// A barcode symbology as reported after normalisation, with its readable name and default AIM identifier.
public enum Symbology: String, Sendable, Hashable, Codable, CaseIterable {
    case ean13 = "EAN-13"
    /// An EAN-13 whose first digit is 0 (payload kept in 13-digit form).
    case upcA = "UPC-A"
    /// Payload expanded to 13-digit EAN-13 form (corpus and GTIN convention).
    case upcE = "UPC-E"
    case ean8 = "EAN-8"
    case code128 = "Code 128"
    /// Code 128 with FNC1 in first position; later FNC1s are GS (0x1D) in the payload.
    case gs1_128 = "GS1-128"
    case code39 = "Code 39"
    /// Italian pharmacode carried as Code 39 (payload `A` + 9 digits).
    case code32 = "Code 32"
    /// German Pharmazentralnummer carried as Code 39 (payload `-` + digits).
    case pzn = "PZN"
    case code93 = "Code 93"
    case codabar = "Codabar"
    /// Interleaved 2 of 5.
    case itf = "ITF"
    /// GS1 DataBar Omnidirectional / Stacked (payload `01` + GTIN-14).
    case dataBar = "DataBar"
    case dataBarExpanded = "DataBar Expanded"
    case qr = "QR Code"
    case sqCode = "SQ Code"
    case pdf417 = "PDF417"
    case unknown = "Unknown"

    /// The readable name (`EAN-13`, `QR Code`, …).
    public var name: String { rawValue }

    /// The AIM identifier without symbology-specific options (add-on, ECI, full ASCII are set per symbol).
    public var defaultAIM: AIMIdentifier {
        switch self {
        case .ean13, .upcA, .upcE: .ean13
        case .ean8: .ean8
        case .code128: .code128
        case .gs1_128: .gs1_128
        case .code39, .code32, .pzn: .code39
        case .code93: Self.aim("]G0")
        case .codabar: Self.aim("]F0")
        case .itf: .itf
        case .dataBar, .dataBarExpanded: .dataBar
        case .qr: .qr
        case .sqCode, .unknown: .unknown
        case .pdf417: Self.aim("]L0")
        }
    }

    /// Builds a constant AIM id; the literals above are all well-formed, `.unknown` is the safe fallback.
    static func aim(_ text: String) -> AIMIdentifier { AIMIdentifier(text) ?? .unknown }
}
