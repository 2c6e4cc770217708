import Foundation
import Synchronization

/// The receipt printer on USB: finds the first printer-class device (interface class 7) a printer profile
/// matches, claims it, sends documents on bulk OUT and reads its status on bulk IN, all on its own thread.
/// Unplugged, it is looked for again at the next call (a replug on any port works without a restart).
///
/// `@unchecked Sendable`: `context` and `connection` are touched only on `thread` (every method hops there).
public final class USBReceiptPrinter: ReceiptPrinterPort, @unchecked Sendable {
    private let catalog: PrinterProfileCatalog
    private let thread = PrinterThread()
    private var context: USBContext?
    private var connection: USBPrinterConnection?

    public init(catalog: PrinterProfileCatalog) {
        self.catalog = catalog
        thread.start()
    }

    deinit { thread.stop() }

    /// Releases the printer (the kernel's usblp driver gets it back) and ends the thread.
    public func stop() {
        thread.runAndWait { [self] in
            connection?.close()
            connection = nil
            context = nil
        }
        thread.stop()
    }

    public func describe() async -> PrinterDescription? {
        await thread.run { [self] in (try? connected())?.description }
    }

    public func status() async throws(PrinterError) -> PrinterStatus {
        let result: Result<PrinterStatus, PrinterError> = await thread.run { [self] in
            attempt { connection throws(PrinterError) in try connection.status() }
        }
        return try result.get()
    }

    /// `GS r 1` (answered once the document before it printed), then the real-time status.
    public func statusAfterPrinting() async throws(PrinterError) -> PrinterStatus {
        let result: Result<PrinterStatus, PrinterError> = await thread.run { [self] in
            attempt { connection throws(PrinterError) in try connection.statusAfterPrinting() }
        }
        return try result.get()
    }

    public func send(_ bytes: [UInt8]) async throws(PrinterError) {
        let result: Result<Void, PrinterError> = await thread.run { [self] in
            attempt { connection throws(PrinterError) in try connection.write(bytes) }
        }
        try result.get()
    }

    // MARK: on the printer thread

    /// Runs `body` on the open printer; a vanished printer is forgotten so the next call looks again.
    private func attempt<T>(_ body: (USBPrinterConnection) throws(PrinterError) -> T) -> Result<T, PrinterError> {
        do {
            return .success(try body(try connected()))
        } catch {
            if error.code == .disconnected || error.code == .notFound {
                connection?.close()
                connection = nil
            }
            return .failure(error)
        }
    }

    /// The open printer, found and claimed first when needed.
    private func connected() throws(PrinterError) -> USBPrinterConnection {
        if let connection { return connection }
        if context == nil {
            do {
                context = try USBContext()
            } catch {
                throw PrinterError(.ioFailed, "libusb_init: \(error)", systemCode: error.systemCode)
            }
        }
        guard let context else { throw PrinterError(.ioFailed, "no libusb context") }
        for (summary, device) in context.devices().sorted(by: { $0.summary.portPath < $1.summary.portPath })
        where summary.interfaces.contains(where: { $0.interfaceClass == 7 && $0.bulkOut != nil }) {
            guard let profile = catalog.match(vendorID: summary.vendorID, productID: summary.productID) else { continue }
            let opened = try USBPrinterConnection(summary: summary, device: device, profile: profile)
            connection = opened
            return opened
        }
        throw PrinterError(.notFound, "no USB printer matches a printer profile")
    }
}
