import CZXingFallback

/// Runs zxing-cpp (Debian's libzxing-dev, through the C target `CZXingFallback`) on an image zbar could not
/// read: the `RetryPass.zxingFallback` pass. Retail symbologies only; every result goes through
/// `FallbackGuard` (check digits, GS1 syntax) before it becomes a `DecodedSymbol`.
enum ZXingFallback {
    /// One zxing-cpp result, before the guard.
    struct Found: Sendable, Hashable {
        var format: UInt32
        var aim: String
        var text: [UInt8]
        var corners: [PixelPoint]
    }

    /// The formats asked for: EAN/UPC, Code 128, ITF (ITF-14 only, see the guard), DataBar, DataBar
    /// Expanded (stacked too), QR.
    static let retailFormats: UInt32 = UInt32(CZX_EAN13 | CZX_EAN8 | CZX_UPCA | CZX_UPCE | CZX_CODE128 | CZX_ITF
        | CZX_DATABAR | CZX_DATABAR_EXPANDED | CZX_QRCODE)

    /// zxing-cpp's raw results for `image` (try-harder: rotations and inversions included).
    static func read(_ image: GreyImage, formats: UInt32 = retailFormats) -> [Found] {
        let capacity = 8
        var buffer = [czx_symbol](repeating: czx_symbol(), count: capacity)
        let count = image.pixels.withUnsafeBufferPointer { pixels -> Int32 in
            guard let base = pixels.baseAddress else { return 0 }
            return buffer.withUnsafeMutableBufferPointer { out in
                czx_read(base, Int32(image.width), Int32(image.height), Int32(image.width), formats, 1,
                         out.baseAddress, Int32(capacity))
            }
        }
        guard count > 0 else { return [] }
        return buffer.prefix(Int(count)).map { symbol in
            var copy = symbol
            let text = withUnsafeBytes(of: &copy.text) { Array($0.prefix(Int(symbol.length))) }
            let aim = withUnsafeBytes(of: &copy.aim) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            let c = symbol.corners
            let corners = [PixelPoint(x: Int(c.0), y: Int(c.1)), PixelPoint(x: Int(c.2), y: Int(c.3)),
                           PixelPoint(x: Int(c.4), y: Int(c.5)), PixelPoint(x: Int(c.6), y: Int(c.7))]
            return Found(format: symbol.format, aim: aim, text: text, corners: corners)
        }
    }

    /// Reads `image` and keeps what the guard accepts, in SelfScan's normal form.
    static func decode(_ image: GreyImage) -> [DecodedSymbol] {
        var symbols: [DecodedSymbol] = []
        for found in read(image) {
            guard let symbol = FallbackGuard.accept(found), !symbols.contains(symbol) else { continue }
            symbols.append(symbol)
        }
        return symbols
    }
}
