import CImageCodecs
import Glibc
import SystemPackage

/// Loads PNG, JPEG, WebP and PGM files into `GreyImage`s with Debian's codecs (libpng, libjpeg-turbo,
/// libwebp): alpha composited on white, palette / 16-bit / grey+alpha converted, JPEG EXIF orientation
/// applied. Never crashes on bad input: every failure is an `ImageLoadError`.
public struct ImageLoader: Sendable {
    public var limits: ImageLimits

    public init(limits: ImageLimits = .default) { self.limits = limits }

    /// Reads and decodes the file at `path`.
    public func load(path: String) throws(ImageLoadError) -> GreyImage {
        do {
            return try decode(try readFile(path))
        } catch {
            throw error.at(path: path)
        }
    }

    /// Decodes image bytes (format sniffed from the magic number).
    public func decode(_ bytes: [UInt8]) throws(ImageLoadError) -> GreyImage {
        guard !bytes.isEmpty else { throw ImageLoadError(.empty) }
        guard bytes.count <= limits.maxFileBytes else { throw ImageLoadError(.fileTooLarge) }
        guard let format = ImageFormat.sniff(bytes) else { throw ImageLoadError(.unknownFormat) }
        switch format {
        case .pgm:
            return try PGMDecoder(maxPixels: limits.maxPixels).decode(bytes)
        case .png:
            return try decodeWithCodec(bytes, format: format, cimg_png_decode_grey)
        case .webp:
            return try decodeWithCodec(bytes, format: format, cimg_webp_decode_grey)
        case .jpeg:
            let image = try decodeWithCodec(bytes, format: format, cimg_jpeg_decode_grey)
            return image.applyingEXIFOrientation(EXIFOrientation.read(fromJPEG: bytes) ?? 1)
        }
    }

    private typealias Codec = (
        UnsafePointer<UInt8>?, Int, UInt64, UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
        UnsafeMutablePointer<UInt32>?, UnsafeMutablePointer<UInt32>?, UnsafeMutablePointer<CChar>?
    ) -> Int32

    private func decodeWithCodec(_ bytes: [UInt8], format: ImageFormat, _ codec: Codec) throws(ImageLoadError) -> GreyImage {
        var out: UnsafeMutablePointer<UInt8>?
        var width: UInt32 = 0
        var height: UInt32 = 0
        var message = [CChar](repeating: 0, count: Int(CIMG_MESSAGE_SIZE))
        let status = bytes.withUnsafeBufferPointer { data in
            message.withUnsafeMutableBufferPointer { text in
                codec(data.baseAddress, data.count, UInt64(limits.maxPixels), &out, &width, &height, text.baseAddress)
            }
        }
        let libraryMessage = message.withUnsafeBufferPointer { text in
            text.baseAddress.map { String(cString: $0) }
        }
        switch Int(status) {
        case Int(CIMG_OK):
            guard let out else { throw ImageLoadError(.outOfMemory, format: format) }
            return GreyImage.adopting(out, width: Int(width), height: Int(height))
        case Int(CIMG_TOO_MANY_PIXELS):
            throw ImageLoadError(.tooManyPixels, format: format, libraryMessage: "\(width)x\(height)")
        case Int(CIMG_OUT_OF_MEMORY):
            throw ImageLoadError(.outOfMemory, format: format)
        case Int(CIMG_UNSUPPORTED):
            throw ImageLoadError(.unsupported, format: format, libraryMessage: libraryMessage)
        default:
            throw ImageLoadError(.corrupt, format: format, libraryMessage: libraryMessage)
        }
    }

    private func readFile(_ path: String) throws(ImageLoadError) -> [UInt8] {
        let file: FileDescriptor
        do { file = try FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec]) } catch {
            throw ImageLoadError(.unreadable, errno: (error as? Errno)?.rawValue)
        }
        defer { try? file.close() }
        do {
            let info = try file.stat()
            guard info.type == .regular else { throw ImageLoadError(.unreadable, errno: Errno.isDirectory.rawValue) }
            guard info.size <= limits.maxFileBytes else { throw ImageLoadError(.fileTooLarge) }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(Int(info.size))
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                // `read(into:retryOnInterrupt:)` retries EINTR itself.
                let count = try chunk.withUnsafeMutableBytes { try file.read(into: $0) }
                if count == 0 { break }
                bytes.append(contentsOf: chunk[0..<count])
                // The file may grow while we read it: the limit holds for what we read too.
                guard bytes.count <= limits.maxFileBytes else { throw ImageLoadError(.fileTooLarge) }
            }
            return bytes
        } catch let error as ImageLoadError {
            throw error
        } catch let error as Errno {
            throw ImageLoadError(.unreadable, errno: error.rawValue)
        } catch {
            throw ImageLoadError(.unreadable, errno: nil)
        }
    }
}
