/// Sending one whole document and deciding whether it came out: the rule the daemon's print queue and
/// `selfscan devices --print` share. A document is printed only when the printer took every byte **and**
/// then reports no fault; a paper-out or cover-open seen after the transfer, a stalled or failed transfer,
/// all mean "interrupted": the whole document must be sent again once the printer can print.
public enum PrintAttempt {
    public enum Outcome: Sendable, Hashable {
        /// Every byte taken, status clear afterwards.
        case printed(PrinterStatus)
        /// Not (wholly) printed: `fault` says why; `status` is the printer's state when it could be read.
        case interrupted(status: PrinterStatus?, fault: String)
    }

    /// Sends `bytes`, then reads the status once the printer has printed them (`statusAfterPrinting`: a
    /// paper-out at the very end of the document is seen, not only one before the last byte was taken).
    public static func send(_ bytes: [UInt8], to printer: some ReceiptPrinterPort) async -> Outcome {
        do {
            try await printer.send(bytes)
        } catch {
            return .interrupted(status: nil, fault: error.fault)
        }
        do {
            let after = try await printer.statusAfterPrinting()
            if let fault = after.fault { return .interrupted(status: after, fault: fault) }
            return .printed(after)
        } catch {
            return .interrupted(status: nil, fault: error.fault)
        }
    }
}

extension PrinterError {
    /// The device fault shown for this error (console, `GET /v1/devices`, `selfscan devices`).
    public var fault: String {
        switch code {
        case .notFound: "not found"
        case .disconnected: "unplugged"
        case .openFailed: "could not be claimed (permissions or busy)"
        case .timeout: "not responding (paper out or cover open?)"
        default: description
        }
    }
}
