/// One way of looking at an image. The decoder runs `coarse` first when its options have one (camera frames),
/// then `plain` unless the coarse pass settled the frame and, while nothing is found, the retry passes its
/// options list, in order.
public enum RetryPass: String, Sendable, Hashable, Codable, CaseIterable {
    /// The image as given.
    case plain
    /// The image as given, sparsely (`CoarsePass`: every 8th row, no columns): camera frames' first look.
    /// Not a retry pass — it comes from `DecodeOptions.coarse` and is skipped in a retry list.
    case coarse
    /// Light bars on a dark background.
    case inverted
    /// Turned 90° (zbar scans rows and columns, but its 2D finder and stacked DataBar benefit).
    case rotated90
    /// Halved: merges noise and print dots, gives zbar fewer, wider modules on large photos.
    case downscaled
    /// Doubled, QR only: gives zbar more pixels per module on small, dense QR codes. Linear codes are
    /// left out: interpolated edges make zbar misread EAN/UPC digits with a valid check digit (measured).
    case upscaled
    /// Local-mean binarisation: evens out shadows and low contrast.
    case thresholded
    /// Linear codes at 2× and 1.5×, kept only when both scales read the same text: interpolation makes
    /// zbar misread EAN/UPC digits now and then, but rarely the same way at two scales.
    case upscaledConfirmed
    /// Downscaled by 3 — for very large photos.
    case downscaledThird
    /// Not zbar: zxing-cpp (Debian libzxing-dev) on the image as given, retail symbologies only, every
    /// result through `FallbackGuard` (check digits, GS1 syntax). Last in the list: runs only when every
    /// zbar pass found nothing.
    case zxingFallback

    /// The zbar symbologies this pass may report (`nil`: all configured ones).
    var onlySymbologies: Set<ZBarSymbology>? {
        switch self {
        case .upscaled: [.qr]
        case .upscaledConfirmed: Set(ZBarSymbology.allCases).subtracting([.qr])
        default: nil
        }
    }

    /// The transformed image and the function mapping its points back to `image`'s coordinates.
    func apply(to image: GreyImage) -> (GreyImage, (PixelPoint) -> PixelPoint)? {
        let identity: (PixelPoint) -> PixelPoint = { $0 }
        switch self {
        case .plain, .coarse, .zxingFallback:
            return (image, identity)
        case .inverted:
            return (image.inverted(), identity)
        case .rotated90:
            let height = image.height
            // rotated90 maps (x, y) to (height-1-y, x); invert it.
            return (image.rotated90(), { PixelPoint(x: $0.y, y: height - 1 - $0.x) })
        case .downscaled, .downscaledThird, .upscaled, .upscaledConfirmed:
            let factor = self == .upscaled || self == .upscaledConfirmed ? 2.0 : self == .downscaled ? 0.5 : 1.0 / 3.0
            let scaled = image.scaled(by: factor)
            guard scaled.width >= 8, scaled.height >= 8, scaled.pixels.count <= 64_000_000 else { return nil }
            let sx = Double(image.width) / Double(scaled.width)
            let sy = Double(image.height) / Double(scaled.height)
            return (scaled, { PixelPoint(x: Int(Double($0.x) * sx), y: Int(Double($0.y) * sy)) })
        case .thresholded:
            let radius = max(8, min(image.width, image.height) / 16)
            guard let binary = image.thresholded(radius: radius, bias: 4) else { return nil }
            return (binary, identity)
        }
    }
}
