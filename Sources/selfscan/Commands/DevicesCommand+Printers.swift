import ArgumentParser
import Foundation
import SelfScanDevices

/// `selfscan devices --printers`: the USB receipt printer with its state; hidden `--print FILE`: prints an
/// ESC/POS file through the daemon's own printer path (status, whole document, status; again in full after
/// a paper-out) and reports each step as a JSON line (umockdev tests).
extension DevicesCommand {
    /// One JSON line of `--print`, or the `--printers --json` answer.
    struct PrinterLine: Encodable {
        var event: String
        var printer: PrinterDescription?
        var state: String?
        var fault: String?
        var attempt: Int?
        var bytes: Int?
    }

    func printerCatalog() throws -> PrinterProfileCatalog {
        let directory = printerProfiles ?? ((profiles ?? Self.defaultProfilesDirectory()) + "/printers")
        guard FileManager.default.fileExists(atPath: directory) else {
            return try PrinterProfileCatalog(profiles: [.generic80])
        }
        do {
            return try PrinterProfileCatalog.load(directory: directory)
        } catch {
            throw ValidationError("bad printer profiles: \(error)")
        }
    }

    func runPrinters() async throws {
        let printer = USBReceiptPrinter(catalog: try printerCatalog())
        defer { printer.stop() }
        if let printFile {
            try await printUntilWhole(printFile, on: printer)
            return
        }
        let line = await Self.state(of: printer)
        if json {
            print(try Self.jsonLine([line].compactMap { $0.printer == nil ? nil : $0 }))
        } else {
            print(Self.tableRow(line))
        }
    }

    /// The printer line of the plain `selfscan devices` table.
    func printPrinterTable() async {
        guard let catalog = try? printerCatalog() else { return }
        let printer = USBReceiptPrinter(catalog: catalog)
        defer { printer.stop() }
        print(Self.tableRow(await Self.state(of: printer)))
    }

    static func state(of printer: USBReceiptPrinter) async -> PrinterLine {
        do {
            let status = try await printer.status()
            let description = await printer.describe()
            return PrinterLine(event: "printer", printer: description, state: status.summary, fault: status.fault)
        } catch {
            let description = await printer.describe()
            return PrinterLine(event: "printer", printer: description, state: "offline", fault: error.fault)
        }
    }

    static func tableRow(_ line: PrinterLine) -> String {
        guard let printer = line.printer else { return "No USB printer found." + (line.fault.map { " (\($0))" } ?? "") }
        return [printer.deviceID, printer.usbID, printer.profileID, "printer",
                "\(printer.paperWidthMillimetres) mm/\(printer.charactersPerLine) col", line.state ?? "-", printer.name]
            .joined(separator: "  ")
    }

    private func printUntilWhole(_ path: String, on printer: USBReceiptPrinter) async throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
        let bytes = [UInt8](data)
        let start = ContinuousClock.now
        var attempt = 0
        while ContinuousClock.now - start < .milliseconds(Int(timeout * 1000)) {
            var canPrint = false
            let read: Result<PrinterStatus, PrinterError>
            do {
                read = .success(try await printer.status())
            } catch {
                read = .failure(error)
            }
            switch read {
            case .success(let status):
                let description = await printer.describe()
                try emit(PrinterLine(event: "status", printer: description, state: status.summary, fault: status.fault))
                canPrint = status.canPrint
            case .failure(let error):
                try emit(PrinterLine(event: "status", state: "offline", fault: error.fault))
            }
            if canPrint {
                attempt += 1
                switch await PrintAttempt.send(bytes, to: printer) {
                case .printed:
                    try emit(PrinterLine(event: "printed", attempt: attempt, bytes: bytes.count))
                    return
                case .interrupted(_, let fault):
                    try emit(PrinterLine(event: "interrupted", fault: fault, attempt: attempt))
                }
            }
            try await Task.sleep(for: .milliseconds(100))  // the printer's poll pace, not a test synchronisation
        }
        throw ExitCode(3)  // timed out
    }

    private func emit(_ line: PrinterLine) throws {
        print(try Self.jsonLine(line))
        fflush(nil)
    }

    static func jsonLine(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
