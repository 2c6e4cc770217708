/// What the zbar image scanner looks for and how densely it samples.
public struct ZBarConfiguration: Sendable, Hashable {
    /// Symbologies zbar should decode (zbar's own set; normalisation maps them afterwards).
    public var symbologies: Set<ZBarSymbology>
    /// Scan every `density`-th column / row (zbar's x-density / y-density; 1 = every line).
    public var xDensity: Int
    public var yDensity: Int
    /// Ask zbar for QR bytes untouched (we decode text ourselves: UTF-8, Shift-JIS, Latin-1).
    public var qrBinary: Bool

    /// Every symbology zbar has, every line scanned, QR as binary.
    public static let all = ZBarConfiguration(
        symbologies: Set(ZBarSymbology.allCases), xDensity: 1, yDensity: 1, qrBinary: true)

    /// The retail symbologies (EAN/UPC + add-ons, Code 128, Code 39, ITF, DataBar, QR), every line: for
    /// image files. ISBN reporting, Codabar and Code 93 stay off (ISBNs are EAN-13s; the other two are not
    /// retail and only add time and false reads).
    public static let retail = ZBarConfiguration(
        symbologies: [.ean13, .ean8, .upca, .upce, .ean2, .ean5, .code128, .code39, .i25, .dataBar, .dataBarExpanded, .qr],
        xDensity: 1, yDensity: 1, qrBinary: true)

    /// Retail set only (EAN/UPC + add-ons, Code 128, DataBar, QR), every 2nd line: for camera frames.
    /// Every 3rd line measured 40 % faster per frame at the same score with the zxing fallback
    /// (docs/benchmarks/run-2026-12-04.md), but the video retry passes and the two-frame confirmation were
    /// tuned and tested at every 2nd line: re-measure them together before changing it.
    public static let retailVideo = ZBarConfiguration(
        symbologies: [.ean13, .ean8, .upca, .upce, .ean2, .ean5, .code128, .dataBar, .dataBarExpanded, .qr],
        xDensity: 2, yDensity: 2, qrBinary: true)

    public init(symbologies: Set<ZBarSymbology>, xDensity: Int, yDensity: Int, qrBinary: Bool) {
        self.symbologies = symbologies
        self.xDensity = xDensity
        self.yDensity = yDensity
        self.qrBinary = qrBinary
    }
}

/// zbar's symbology constants (`zbar_symbol_type_t`), as zbar names them.
public enum ZBarSymbology: Int, Sendable, Hashable, Codable, CaseIterable {
    case ean2 = 2, ean5 = 5, ean8 = 8, upce = 9, isbn10 = 10, upca = 12, ean13 = 13, isbn13 = 14
    case i25 = 25, dataBar = 34, dataBarExpanded = 35, codabar = 38, code39 = 39, qr = 64
    case code93 = 93, code128 = 128
}
