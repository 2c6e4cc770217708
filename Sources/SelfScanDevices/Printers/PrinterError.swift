/// A receipt printer problem: a code, what was being done, and the libusb code when there is one (STYLE.md 4).
public struct PrinterError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// No USB printer-class device matched a printer profile.
        case notFound
        /// The printer could not be opened or claimed (permissions: install scripts/99-selfscan-printers.rules).
        case openFailed
        /// The printer went away (unplugged).
        case disconnected
        /// A transfer did not complete in time (the printer stalls while out of paper or with its cover open).
        case timeout
        /// The status answer was not an ESC/POS real-time status byte.
        case badStatus
        /// Any other libusb failure.
        case ioFailed
        /// A printer profile file is wrong.
        case badProfile
    }

    public let code: Code
    public let message: String
    /// The libusb return code (`enum libusb_error`), when one caused this.
    public let systemCode: Int32?
    /// Bytes of the document the printer accepted before the failure (a bulk OUT failure).
    public let bytesSent: Int?

    public init(_ code: Code, _ message: String, systemCode: Int32? = nil, bytesSent: Int? = nil) {
        self.code = code
        self.message = message
        self.systemCode = systemCode
        self.bytesSent = bytesSent
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
