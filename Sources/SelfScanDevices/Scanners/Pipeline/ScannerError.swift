/// A scanner problem, reported as a UnifiedPOS-style ErrorEvent: a stable code, context for the operator,
/// and the underlying system or libusb code when there is one. A corrupt or partial read is always one of
/// these, never a wrong code.
public struct ScannerError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, Codable {
        // Decoding (the device talked, but not a clean scan)
        /// HID ErrorRollOver (0x01 in every key slot): phantom state, keys unknown.
        case rollOver
        /// HID POSTFail / ErrorUndefined in the key array.
        case keyboardError
        /// A report of the wrong size or with impossible content.
        case malformedReport
        /// A key that types nothing in the scanner's layout (or a dead key that composes nothing).
        case unmappedKey
        /// The scan stopped before its suffix (inter-key timeout): partial read.
        case partialScan
        /// The configured prefix is missing.
        case prefixMismatch
        /// The profile says an AIM id is sent, and there is none.
        case missingAIM
        /// An Alt+numpad code outside 1…127.
        case badAltCode
        /// A scan longer than the reader accepts.
        case scanTooLong
        /// HID POS: length field larger than the data field, or a continuation that does not continue.
        case inconsistentReport
        /// HID POS: the report descriptor has no scanned-data report.
        case unsupportedDescriptor
        // Device (UnifiedPOS E_NOHARDWARE / E_FAILURE / E_CLAIMED…)
        /// The device could not be opened (missing, or permissions: see the udev rule).
        case openFailed
        /// Another driver or process holds the device.
        case claimFailed
        /// A USB transfer or read failed.
        case ioFailed
        /// The device went away while in use.
        case disconnected
        /// libusb or the kernel refused an operation the reader needs.
        case unsupported
    }

    public let code: Code
    public let detail: String
    /// errno, or a libusb error code (negative), when the error comes from the system.
    public let systemCode: Int32?

    public init(_ code: Code, _ detail: String, systemCode: Int32? = nil) {
        self.code = code
        self.detail = detail
        self.systemCode = systemCode
    }

    public var description: String {
        "\(code.rawValue): \(detail)" + (systemCode.map { " [\($0)]" } ?? "")
    }
}
