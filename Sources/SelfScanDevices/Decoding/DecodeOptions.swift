/// How the decoder searches an image.
public struct DecodeOptions: Sendable, Hashable {
    /// What zbar looks for.
    public var zbar: ZBarConfiguration
    /// Passes tried, in order, after `plain` found nothing.
    public var retryPasses: [RetryPass]
    /// Which EAN/UPC add-ons are appended to the main code.
    public var addOns: AddOnPolicy = .fiveDigit

    /// For image files: the retail symbologies, every line, with the retry passes that each still add reads
    /// on the corpus's tuning half when left out of the list (scripts/decode_passes.py,
    /// docs/benchmarks/decode.md), then zxing-cpp as the fallback once zbar found nothing. rotated90,
    /// upscaled and upscaledConfirmed stay available but add nothing on the tuning half next to the fallback.
    public static let images = DecodeOptions(
        zbar: .retail,
        retryPasses: [.downscaled, .inverted, .thresholded, .zxingFallback])

    /// For camera frames: retail symbologies, every 2nd line, no retries (the next frame is the retry).
    public static let video = DecodeOptions(zbar: .retailVideo, retryPasses: [])

    public init(zbar: ZBarConfiguration, retryPasses: [RetryPass]) {
        self.zbar = zbar
        self.retryPasses = retryPasses
    }
}
