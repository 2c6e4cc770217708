/// What decoding one image file gave: its symbols, or why it could not be read. `Codable` as the
/// `selfscan decode --json` line: `{"file":…,"symbols":[{"symbology":"EAN-13","aim":"]E0","text":…}]}`.
public struct FileDecodeResult: Sendable, Codable, Hashable {
    /// One symbol, in the JSON shape.
    public struct Symbol: Sendable, Codable, Hashable {
        public let symbology: String
        public let aim: String
        public let text: String
        /// Payload bytes as lowercase hex (the exact bytes, whatever the text decoding did).
        public let bytes: String
        public let quality: Int
        /// Outline as [[x, y], …] in the file's upright pixel coordinates.
        public let points: [[Int]]
        /// Which decode pass found it.
        public let pass: String

        public init(_ symbol: DecodedSymbol) {
            symbology = symbol.symbology.name
            aim = symbol.aim.value
            text = symbol.text
            bytes = symbol.payload.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            quality = symbol.quality
            points = symbol.location.map { [$0.x, $0.y] }
            pass = symbol.pass.rawValue
        }
    }

    /// Why the file gave no result.
    public struct Failure: Sendable, Codable, Hashable {
        /// `ImageLoadError.Code` or `DecodeError.Code` raw value (`corrupt`, `fileTooLarge`, …).
        public let code: String
        public let format: String?
        public let errno: Int32?
        public let message: String

        public init(code: String, format: String?, errno: Int32?, message: String) {
            self.code = code
            self.format = format
            self.errno = errno
            self.message = message
        }
    }

    public let file: String
    public let symbols: [Symbol]?
    public let error: Failure?
    /// Milliseconds spent loading (file read + image decode to grey) and decoding (zbar + passes).
    public let loadMillis: Double?
    public let decodeMillis: Double?
    /// Of `decodeMillis`, the time inside `zbar_scan_image` (the rest is wrapper overhead).
    public let zbarMillis: Double?

    public init(
        file: String, symbols: [Symbol]?, error: Failure?, loadMillis: Double?, decodeMillis: Double?,
        zbarMillis: Double? = nil
    ) {
        self.file = file
        self.symbols = symbols
        self.error = error
        self.loadMillis = loadMillis
        self.decodeMillis = decodeMillis
        self.zbarMillis = zbarMillis
    }
}
