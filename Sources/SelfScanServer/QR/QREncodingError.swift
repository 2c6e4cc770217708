public import SelfScanAPI

/// Why libqrencode refused to build a symbol.
public struct QREncodingError: Error, Sendable, Hashable {
    /// What went wrong, from the `errno` libqrencode sets.
    public enum Code: String, Sendable, Hashable {
        /// `EINVAL`: the input cannot be encoded (for example an empty payload).
        case invalidInput
        /// `ERANGE`: the payload does not fit in the largest symbol (version 40) at this level.
        case payloadTooLarge
        /// `ENOMEM`: the library could not allocate its buffers.
        case outOfMemory
        /// Any other `errno`.
        case unknown
    }

    /// The kind of failure.
    public let code: Code
    /// The `errno` value libqrencode left.
    public let errno: Int32
    /// Length of the payload, in bytes.
    public let payloadLength: Int

    /// A failure built from the C library's `errno`.
    public init(code: Code, errno: Int32, payloadLength: Int) {
        self.code = code
        self.errno = errno
        self.payloadLength = payloadLength
    }
}
