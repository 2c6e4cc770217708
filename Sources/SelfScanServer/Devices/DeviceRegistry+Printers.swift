import Foundation
import SelfScanAPI

/// A receipt printer as the registry remembers it.
struct PrinterRow: Sendable {
    var name: String
    var online: Bool
    var lastSeenAt: Int64
    var fault: String?
    /// `ready`, `paper low`, `paper out`, `cover open`, `offline`…
    var state: String
    var pendingReceipts: Int
}

extension DeviceRegistry {
    /// Records what the print service learnt of its printer (one printer per daemon: a new id replaces the
    /// old row, e.g. the placeholder `printer` once the USB printer is found).
    func recordPrinter(id: String, name: String, online: Bool, fault: String?, state: String, pendingReceipts: Int) {
        if printers[id] == nil { printers = [:] }
        printers[id] = PrinterRow(
            name: name, online: online, lastSeenAt: online ? currentTime : (printers[id]?.lastSeenAt ?? currentTime),
            fault: fault, state: state, pendingReceipts: pendingReceipts)
    }

    /// The printer rows of `GET /v1/devices`: the name carries the state and the receipts waiting.
    func printerRows() -> [DeviceStatus] {
        printers.sorted { $0.key < $1.key }.map { id, printer in
            let waiting = printer.pendingReceipts == 0 ? "" : ", \(printer.pendingReceipts) receipt(s) waiting"
            return DeviceStatus(
                id: id, kind: .printer, role: nil, name: "\(printer.name): \(printer.state)\(waiting)",
                online: printer.online, lastSeenAt: Self.date(printer.lastSeenAt), lastScanAt: nil, fault: printer.fault,
                sessionID: nil)
        }
    }
}
