/// How the decoder searches an image.
public struct DecodeOptions: Sendable, Hashable {
    /// What zbar looks for.
    public var zbar: ZBarConfiguration
    /// Passes tried, in order, after `plain` found nothing.
    public var retryPasses: [RetryPass]
    /// Which EAN/UPC add-ons are appended to the main code.
    public var addOns: AddOnPolicy = .fiveDigit
    /// A sparse pass tried before `plain`; when it settles the frame (`CoarsePass.settles`) nothing else runs.
    /// `nil`: none (image files).
    public var coarse: CoarsePass?

    /// For image files: the retail symbologies, every line, with the retry passes that each still add reads
    /// on the corpus's tuning half when left out of the list (scripts/decode_passes.py,
    /// docs/benchmarks/decode.md), then zxing-cpp as the fallback once zbar found nothing. rotated90,
    /// upscaled and upscaledConfirmed stay available but add nothing on the tuning half next to the fallback.
    public static let images = DecodeOptions(
        zbar: .retail,
        retryPasses: [.downscaled, .inverted, .thresholded, .zxingFallback])

    /// For camera frames: retail symbologies, every 2nd line; while nothing is found, `downscaled` (halving
    /// averages sensor noise away) then `thresholded` (local-mean binarisation: low light, glare). On
    /// scripts/camera_frames.py's 792 synthetic frames they raise the video profile from 207 / 223 to
    /// 260 / 282 read at 720p / 1080p (zxing-cpp 217 / 262) with no new wrong read (10 before and after);
    /// low light 9 / 3 → 27 / 19 (docs/benchmarks/camera.md). They run only on frames where the plain pass
    /// found nothing — most frames of a stream — so their time per frame is for the lead to measure.
    /// First of all, `CoarsePass.retailRows` (every 8th row, no columns): a level EAN-13/UPC-A or long
    /// Code 128 is read there for a fraction of the full pass's work; everything else falls through to the
    /// passes above unchanged.
    public static let video = DecodeOptions(
        zbar: .retailVideo, retryPasses: [.downscaled, .thresholded], coarse: .retailRows)

    public init(zbar: ZBarConfiguration, retryPasses: [RetryPass], coarse: CoarsePass? = nil) {
        self.zbar = zbar
        self.retryPasses = retryPasses
        self.coarse = coarse
    }
}
