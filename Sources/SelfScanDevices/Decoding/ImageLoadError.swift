/// Why an image file could not be turned into a grey image. Thrown by `ImageLoader`.
public struct ImageLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable, Codable {
        /// The file could not be opened or read (`errno` says why).
        case unreadable
        /// The file is larger than `ImageLimits.maxFileBytes`.
        case fileTooLarge
        /// width × height exceeds `ImageLimits.maxPixels` (or a side is zero).
        case tooManyPixels
        /// The bytes are not PNG, JPEG, WebP or PGM (by magic number).
        case unknownFormat
        /// The codec rejected the data (truncated, corrupt). `libraryMessage` has the codec's words.
        case corrupt
        /// A valid file in a variant we do not convert.
        case unsupported
        /// The codec could not allocate memory.
        case outOfMemory
        /// The file is empty.
        case empty
    }

    public let code: Code
    /// The file, when loading from a path.
    public let path: String?
    /// The detected format, when known.
    public let format: ImageFormat?
    /// `errno` for `.unreadable`.
    public let errno: Int32?
    /// The codec's own message (libpng, libjpeg), when it gave one.
    public let libraryMessage: String?

    public init(
        _ code: Code, path: String? = nil, format: ImageFormat? = nil, errno: Int32? = nil,
        libraryMessage: String? = nil
    ) {
        self.code = code
        self.path = path
        self.format = format
        self.errno = errno
        self.libraryMessage = libraryMessage
    }

    func at(path: String) -> ImageLoadError {
        ImageLoadError(code, path: path, format: format, errno: errno, libraryMessage: libraryMessage)
    }

    public var description: String {
        var parts = ["\(code.rawValue)"]
        if let format { parts.append("format=\(format.rawValue)") }
        if let errno { parts.append("errno=\(errno)") }
        if let libraryMessage, !libraryMessage.isEmpty { parts.append("\"\(libraryMessage)\"") }
        if let path { parts.append("file=\(path)") }
        return "image load error: " + parts.joined(separator: " ")
    }
}
