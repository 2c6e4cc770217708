/// How much of a QR symbol may be damaged and still decode (ISO/IEC 18004 error correction levels).
public enum QRErrorCorrection: String, Sendable, Hashable, CaseIterable, Codable {
    /// About 7 % of codewords recoverable (`QR_ECLEVEL_L`).
    case low
    /// About 15 % (`QR_ECLEVEL_M`): the default for passes shown on a screen.
    case medium
    /// About 25 % (`QR_ECLEVEL_Q`).
    case quartile
    /// About 30 % (`QR_ECLEVEL_H`): for printed codes that get scratched.
    case high
}
