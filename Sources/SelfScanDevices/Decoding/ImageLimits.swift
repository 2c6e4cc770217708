/// Bounds on what the loader accepts, so a hostile or broken file cannot exhaust memory.
public struct ImageLimits: Sendable, Hashable {
    /// Largest file read, in bytes.
    public var maxFileBytes: Int
    /// Largest decoded image, width × height.
    public var maxPixels: Int

    /// 32 MiB files, 40 megapixels.
    public static let `default` = ImageLimits(maxFileBytes: 32 << 20, maxPixels: 40_000_000)

    public init(maxFileBytes: Int, maxPixels: Int) {
        self.maxFileBytes = maxFileBytes
        self.maxPixels = maxPixels
    }
}
