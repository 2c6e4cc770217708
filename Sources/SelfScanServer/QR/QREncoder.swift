/// Encodes payloads (exit passes, basket hand-off codes) as QR symbols with Debian's libqrencode.
public enum QREncoder {
    /// The longest payload accepted, in bytes: far above any signed pass, far below a version-40 symbol,
    /// so a hostile request cannot make the daemon draw huge symbols.
    public static let maximumPayloadLength = 1024

    /// The QR symbol for `payload` (UTF-8, 8-bit mode, smallest version that fits).
    public static func encode(
        _ payload: String, level: QRErrorCorrection = .medium
    ) throws(QREncodingError) -> QRMatrix {
        let bytes = Array(payload.utf8)
        guard !bytes.isEmpty else {
            throw QREncodingError(code: .invalidInput, errno: 0, payloadLength: 0)
        }
        guard bytes.count <= maximumPayloadLength else {
            throw QREncodingError(code: .payloadTooLarge, errno: 0, payloadLength: bytes.count)
        }
        return try QRSymbol(bytes: bytes, level: level).matrix
    }
}
