import CImageCodecs
import Glibc

/// An 8-bit greyscale image (zbar's Y800), rows stored contiguously: `pixels.count == width * height`.
public struct GreyImage: Sendable, Hashable {
    public let width: Int
    public let height: Int
    /// Row-major luma, 0 = black, 255 = white.
    public let pixels: [UInt8]

    /// Returns `nil` unless both sides are positive and `pixels` holds exactly `width * height` bytes.
    public init?(width: Int, height: Int, pixels: [UInt8]) {
        guard width > 0, height > 0, width.multipliedReportingOverflow(by: height) == (pixels.count, false)
        else { return nil }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Internal: callers guarantee `pixels.count == width * height` and positive sides.
    init(trusted width: Int, _ height: Int, _ pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Builds an image from `count` bytes the C codecs malloc'd, then frees them.
    static func adopting(_ buffer: UnsafeMutablePointer<UInt8>, width: Int, height: Int) -> GreyImage {
        let pixels = Array(UnsafeBufferPointer(start: buffer, count: width * height))
        free(buffer)
        return GreyImage(trusted: width, height, pixels)
    }

    /// Black and white swapped (for light-on-dark codes).
    public func inverted() -> GreyImage {
        GreyImage(trusted: width, height, transformed(count: pixels.count) { src, dst in
            cimg_invert(src, dst, pixels.count)
        })
    }

    /// Rotated 90° clockwise (width and height swap).
    public func rotated90() -> GreyImage {
        GreyImage(trusted: height, width, transformed(count: pixels.count) { src, dst in
            cimg_rotate90(src, width, height, dst)
        })
    }

    /// Rotated 180°.
    public func rotated180() -> GreyImage {
        GreyImage(trusted: width, height, transformed(count: pixels.count) { src, dst in
            cimg_rotate180(src, pixels.count, dst)
        })
    }

    /// Resized by `factor` (bilinear; box filter for integer downscales), at least 1×1.
    public func scaled(by factor: Double) -> GreyImage {
        let newWidth = max(1, Int((Double(width) * factor).rounded()))
        let newHeight = max(1, Int((Double(height) * factor).rounded()))
        return GreyImage(trusted: newWidth, newHeight, transformed(count: newWidth * newHeight) { src, dst in
            cimg_resize(src, width, height, dst, newWidth, newHeight)
        })
    }

    /// Binarised against the local mean of a `(2·radius+1)²` window minus `bias`; `nil` when out of memory.
    public func thresholded(radius: Int, bias: Int) -> GreyImage? {
        var status = Int32(CIMG_OK)
        let result = transformed(count: pixels.count) { src, dst in
            status = cimg_threshold_local(src, width, height, max(1, radius), Int32(bias), dst)
        }
        return status == Int32(CIMG_OK) ? GreyImage(trusted: width, height, result) : nil
    }

    /// The image turned upright from an EXIF orientation (1…8); other values return it unchanged.
    public func applyingEXIFOrientation(_ orientation: Int) -> GreyImage {
        switch orientation {
        case 3: rotated180()
        case 6: rotated90()
        case 8: rotated90().rotated180()
        case 2, 4, 5, 7: mirroredForEXIF(orientation)
        default: self
        }
    }

    private func mirroredForEXIF(_ orientation: Int) -> GreyImage {
        // 2: mirror horizontally; 4: mirror vertically; 5: transpose; 7: transverse. Rare in practice.
        var out = [UInt8](repeating: 0, count: pixels.count)
        let transposed = orientation == 5 || orientation == 7
        let outWidth = transposed ? height : width
        for y in 0..<height {
            for x in 0..<width {
                let (tx, ty): (Int, Int) = switch orientation {
                case 2: (width - 1 - x, y)
                case 4: (x, height - 1 - y)
                case 5: (y, x)
                default: (height - 1 - y, width - 1 - x)
                }
                out[ty * outWidth + tx] = pixels[y * width + x]
            }
        }
        return GreyImage(trusted: outWidth, transposed ? width : height, out)
    }

    private func transformed(
        count: Int, _ body: (UnsafePointer<UInt8>, UnsafeMutablePointer<UInt8>) -> Void
    ) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { dst, initialized in
            pixels.withUnsafeBufferPointer { src in
                // Both buffers are non-empty: width and height are positive (init checks).
                if let s = src.baseAddress, let d = dst.baseAddress { body(s, d) }
            }
            initialized = count
        }
    }
}
