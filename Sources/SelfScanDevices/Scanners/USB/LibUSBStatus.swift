import CLibUSB

/// libusb return codes (`enum libusb_error`) as scanner errors.
enum LibUSBStatus {
    /// Maps a negative libusb code: LIBUSB_ERROR_ACCESS/NOT_FOUND → openFailed, LIBUSB_ERROR_BUSY →
    /// claimFailed, LIBUSB_ERROR_NO_DEVICE → disconnected, LIBUSB_ERROR_NOT_SUPPORTED → unsupported,
    /// anything else → ioFailed.
    static func error(_ code: Int32, _ what: String) -> ScannerError {
        let name = libusb_error_name(code).map { String(cString: $0) } ?? "LIBUSB_ERROR \(code)"
        let kind: ScannerError.Code = switch code {
        case LIBUSB_ERROR_ACCESS.rawValue, LIBUSB_ERROR_NOT_FOUND.rawValue: .openFailed
        case LIBUSB_ERROR_BUSY.rawValue: .claimFailed
        case LIBUSB_ERROR_NO_DEVICE.rawValue: .disconnected
        case LIBUSB_ERROR_NOT_SUPPORTED.rawValue: .unsupported
        default: .ioFailed
        }
        let hint = code == LIBUSB_ERROR_ACCESS.rawValue ? " (install scripts/99-selfscan-scanners.rules)" : ""
        return ScannerError(kind, "\(what): \(name)\(hint)", systemCode: code)
    }

    /// Throws when `code` is negative.
    static func check(_ code: Int32, _ what: String) throws(ScannerError) {
        if code < 0 { throw error(code, what) }
    }
}
