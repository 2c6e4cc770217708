/// How the decoder searches an image.
public struct DecodeOptions: Sendable, Hashable {
    /// What zbar looks for.
    public var zbar: ZBarConfiguration
    /// Passes tried, in order, after `plain` found nothing.
    public var retryPasses: [RetryPass]
    /// Which EAN/UPC add-ons are appended to the main code.
    public var addOns: AddOnPolicy = .fiveDigit

    /// For image files: the retail symbologies, every line, with the retry passes that raised the corpus
    /// score without false positives (docs/benchmarks/decode.md).
    public static let images = DecodeOptions(
        zbar: .retail,
        retryPasses: [.downscaled, .rotated90, .inverted, .thresholded, .upscaled, .upscaledConfirmed])

    /// For camera frames: retail symbologies, every 2nd line, no retries (the next frame is the retry).
    public static let video = DecodeOptions(zbar: .retailVideo, retryPasses: [])

    public init(zbar: ZBarConfiguration, retryPasses: [RetryPass]) {
        self.zbar = zbar
        self.retryPasses = retryPasses
    }
}
