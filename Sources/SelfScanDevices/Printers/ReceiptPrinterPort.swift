/// What the daemon's print queue needs from a receipt printer: its state and a way to send a document. The
/// USB printer (`USBReceiptPrinter`) is the production one; tests script their own.
public protocol ReceiptPrinterPort: Sendable {
    /// The printer as found now (or `nil` when none is attached).
    func describe() async -> PrinterDescription?
    /// Asks the printer for its real-time status (and finds/opens it first when needed).
    func status() async throws(PrinterError) -> PrinterStatus
    /// Sends a whole document; returns once every byte was accepted by the printer.
    func send(_ bytes: [UInt8]) async throws(PrinterError)
    /// The printer's state once everything sent so far came out of it. Accepted bytes sit in the printer's
    /// buffer and real-time status is answered at once, so right after `send` it can still say "ready" while
    /// the end of the document is printing — and the paper runs out there. Defaults to `status()` (a port that
    /// prints synchronously).
    func statusAfterPrinting() async throws(PrinterError) -> PrinterStatus
}

extension ReceiptPrinterPort {
    public func statusAfterPrinting() async throws(PrinterError) -> PrinterStatus { try await status() }
}

/// A printer as `selfscan devices` and `GET /v1/devices` name it.
public struct PrinterDescription: Sendable, Hashable, Codable {
    /// `usb:<port>`, like the scanners' ids.
    public let deviceID: String
    public let usbID: String
    public let profileID: String
    public let name: String
    public let paperWidthMillimetres: Int
    public let charactersPerLine: Int

    public init(
        deviceID: String, usbID: String, profileID: String, name: String, paperWidthMillimetres: Int,
        charactersPerLine: Int
    ) {
        self.deviceID = deviceID
        self.usbID = usbID
        self.profileID = profileID
        self.name = name
        self.paperWidthMillimetres = paperWidthMillimetres
        self.charactersPerLine = charactersPerLine
    }
}
