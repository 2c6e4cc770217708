import CImageCodecs

/// A greyscale camera frame as V4L2 delivers it: `height` rows of `stride` bytes, the first `width` of each
/// row being luma (Y800 / GREY; also the Y plane of YUV420/NV12).
public struct Y800Frame: Sendable {
    public let width: Int
    public let height: Int
    public let stride: Int
    public let bytes: [UInt8]

    /// Checks the geometry: positive sides, `stride >= width`, and enough bytes for every row.
    public init(width: Int, height: Int, stride: Int, bytes: [UInt8]) throws(DecodeError) {
        guard width > 0, height > 0, stride >= width,
              case let (rows, overflow) = stride.multipliedReportingOverflow(by: height - 1), !overflow,
              bytes.count >= rows + width
        else { throw DecodeError(.badFrame) }
        self.width = width
        self.height = height
        self.stride = stride
        self.bytes = bytes
    }

    /// The frame's luma as a contiguous grey image (rows copied when `stride > width`).
    public func greyImage() -> GreyImage {
        if stride == width, bytes.count == width * height {
            return GreyImage(trusted: width, height, bytes)
        }
        let pixels = [UInt8](unsafeUninitializedCapacity: width * height) { dst, initialized in
            bytes.withUnsafeBufferPointer { src in
                // Both non-empty: init checked the geometry against bytes.count.
                if let s = src.baseAddress, let d = dst.baseAddress { cimg_copy_rows(s, stride, width, height, d) }
            }
            initialized = width * height
        }
        return GreyImage(trusted: width, height, pixels)
    }
}
