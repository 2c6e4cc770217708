import CLibUSB

/// One claimed USB printer-class interface: bulk OUT for the document, bulk IN for ESC/POS real-time status
/// (`DLE EOT n`), or the class's `GET_PORT_STATUS` control request when the interface has no bulk IN. Blocking
/// libusb calls (synchronous transfers, one URB in flight at a time, which umockdev replays accept): used only
/// from the printer's own thread (`USBReceiptPrinter`).
///
/// `@unchecked Sendable`: only the printer thread touches it (its owner enqueues all work there).
final class USBPrinterConnection: @unchecked Sendable {
    /// A document goes out in bulk transfers of at most this many bytes.
    static let chunkSize = 4096
    /// How long one bulk OUT chunk may wait: a printer out of paper stops taking data.
    static let writeTimeoutMillis: UInt32 = 5000
    static let statusTimeoutMillis: UInt32 = 1000
    /// How long the printer may take to print what it holds before answering `GS r 1` (a long receipt at
    /// thermal speed takes a few seconds; a printer stopped by a paper end does not answer at all).
    static let printedTimeoutMillis: UInt32 = 15000

    let description: PrinterDescription
    private let handle: USBDeviceHandle
    private let interface: Int
    private let bulkOut: UInt8
    private let bulkIn: (address: UInt8, maxPacket: Int)?
    /// The profile says the printer answers `GS r 1` (`PrinterProfile.answersPrintedStatus`).
    private let answersPrintedStatus: Bool

    init(summary: USBDeviceSummary, device: USBDeviceReference, profile: PrinterProfile) throws(PrinterError) {
        guard let printer = summary.interfaces.first(where: { $0.interfaceClass == 7 && $0.bulkOut != nil }),
            let out = printer.bulkOut
        else {
            throw PrinterError(.notFound, "\(summary.model) has no printer-class interface with a bulk OUT endpoint")
        }
        interface = printer.number
        bulkOut = out.address
        bulkIn = printer.bulkIn
        answersPrintedStatus = profile.answersPrintedStatus
        description = PrinterDescription(
            deviceID: "usb:\(summary.portPath)", usbID: summary.model.description, profileID: profile.id,
            name: summary.product ?? profile.name, paperWidthMillimetres: profile.paperWidthMillimetres,
            charactersPerLine: profile.charactersPerLine)
        do {
            handle = try USBDeviceHandle(device)
            try handle.claim(interface: printer.number)
        } catch {
            throw PrinterError(
                error.code == .disconnected ? .disconnected : .openFailed,
                error.detail.replacingOccurrences(of: "99-selfscan-scanners.rules", with: "99-selfscan-printers.rules"),
                systemCode: error.systemCode)
        }
    }

    deinit { handle.close() }

    /// Sends `bytes` in chunks; throws with `bytesSent` when the printer stops taking them.
    func write(_ bytes: [UInt8]) throws(PrinterError) {
        var offset = 0
        while offset < bytes.count {
            let chunk = Array(bytes[offset..<min(bytes.count, offset + Self.chunkSize)])
            let transferred = try bulkTransfer(bulkOut, chunk, timeout: Self.writeTimeoutMillis, what: "bulk OUT", sentBefore: offset)
            guard transferred > 0 else {
                throw PrinterError(.ioFailed, "the printer accepted no byte", bytesSent: offset)
            }
            offset += transferred
        }
    }

    /// The printer's state now.
    func status() throws(PrinterError) -> PrinterStatus {
        guard let bulkIn else { return PrinterStatus(portStatus: try portStatus()) }
        let offline = try realTimeStatus(2, from: bulkIn)
        let paper = try realTimeStatus(4, from: bulkIn)
        guard let status = PrinterStatus(offlineCause: offline, rollPaper: paper) else {
            throw PrinterError(.badStatus, "DLE EOT answers \(offline), \(paper) are not status bytes")
        }
        return status
    }

    /// The state once the document sent before has printed: `GS r 1` (paper sensor status) is not a real-time
    /// command, the printer answers it only when it reaches it in its buffer, after the document; then the
    /// real-time status as usual. A printer without bulk IN has only the port status. No answer in
    /// `printedTimeoutMillis` is a timeout (a printer stopped by a paper end waits for paper before answering).
    func statusAfterPrinting() throws(PrinterError) -> PrinterStatus {
        guard let bulkIn else { return PrinterStatus(portStatus: try portStatus()) }
        guard answersPrintedStatus else { return try status() }
        let sensor = try answer(to: PrinterStatus.paperSensorRequest, from: bulkIn, timeout: Self.printedTimeoutMillis, what: "GS r 1")
        var status = try self.status()
        guard let printed = PrinterStatus(paperSensor: sensor) else {
            throw PrinterError(.badStatus, "GS r 1 answer \(sensor) is not a paper sensor status")
        }
        status.paperOut = status.paperOut || printed.paperOut
        status.paperNearEnd = status.paperNearEnd || printed.paperNearEnd
        return status
    }

    func close() { handle.close() }

    // MARK: libusb

    /// `DLE EOT n` on bulk OUT, then one status byte on bulk IN (read with the endpoint's packet size).
    private func realTimeStatus(_ n: UInt8, from endpoint: (address: UInt8, maxPacket: Int)) throws(PrinterError) -> UInt8 {
        try answer(to: PrinterStatus.request(n), from: endpoint, timeout: Self.statusTimeoutMillis, what: "DLE EOT \(n)")
    }

    /// `request` on bulk OUT, then one status byte on bulk IN (read with the endpoint's packet size).
    private func answer(
        to request: [UInt8], from endpoint: (address: UInt8, maxPacket: Int), timeout: UInt32, what: String
    ) throws(PrinterError) -> UInt8 {
        _ = try bulkTransfer(bulkOut, request, timeout: Self.statusTimeoutMillis, what: what, sentBefore: 0)
        var answer = [UInt8](repeating: 0, count: max(1, endpoint.maxPacket))
        var got: Int32 = 0
        let status = answer.withUnsafeMutableBufferPointer { buffer in
            libusb_bulk_transfer(handle.raw, endpoint.address, buffer.baseAddress, Int32(buffer.count), &got, timeout)
        }
        if status != 0 { throw Self.error(status, "reading the answer to \(what)", sentBefore: 0) }
        guard got >= 1 else { throw PrinterError(.badStatus, "empty answer to \(what)") }
        return answer[Int(got) - 1]  // the latest status byte
    }

    /// USB printer class GET_PORT_STATUS (bmRequestType 0xA1, bRequest 1, wIndex interface << 8).
    private func portStatus() throws(PrinterError) -> UInt8 {
        var byte: UInt8 = 0
        let got = libusb_control_transfer(
            handle.raw, 0xA1, 1, 0, UInt16(interface) << 8, &byte, 1, Self.statusTimeoutMillis)
        if got < 0 { throw Self.error(got, "GET_PORT_STATUS", sentBefore: 0) }
        return byte
    }

    private func bulkTransfer(
        _ endpoint: UInt8, _ bytes: [UInt8], timeout: UInt32, what: String, sentBefore: Int
    ) throws(PrinterError) -> Int {
        var data = bytes
        var transferred: Int32 = 0
        let status = data.withUnsafeMutableBufferPointer { buffer in
            libusb_bulk_transfer(handle.raw, endpoint, buffer.baseAddress, Int32(buffer.count), &transferred, timeout)
        }
        if status != 0 { throw Self.error(status, what, sentBefore: sentBefore + Int(transferred)) }
        return Int(transferred)
    }

    /// LIBUSB_ERROR_NO_DEVICE → disconnected, LIBUSB_ERROR_TIMEOUT → timeout, anything else → ioFailed.
    static func error(_ code: Int32, _ what: String, sentBefore: Int) -> PrinterError {
        let name = libusb_error_name(code).map { String(cString: $0) } ?? "LIBUSB_ERROR \(code)"
        let kind: PrinterError.Code = switch code {
        case LIBUSB_ERROR_NO_DEVICE.rawValue: .disconnected
        case LIBUSB_ERROR_TIMEOUT.rawValue: .timeout
        default: .ioFailed
        }
        return PrinterError(kind, "\(what): \(name)", systemCode: code, bytesSent: sentBefore)
    }
}
