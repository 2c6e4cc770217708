/// Why a decode could not run (finding no symbol is not an error: it is an empty result).
public struct DecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, Codable {
        /// zbar_image_scanner_create returned NULL (out of memory).
        case scannerUnavailable
        /// zbar_scan_image returned a negative status.
        case scanFailed
        /// Frame geometry does not match its bytes (width/height/stride).
        case badFrame
    }

    public let code: Code
    /// Which pass failed, when it happened during one.
    public let pass: RetryPass?

    public init(_ code: Code, pass: RetryPass? = nil) {
        self.code = code
        self.pass = pass
    }

    public var description: String { "decode error: \(code.rawValue)" + (pass.map { " (pass \($0.rawValue))" } ?? "") }
}
