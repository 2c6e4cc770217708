import Foundation
import SelfScanAPI

extension LiveSessions {
    /// The receipt printer needs staff (paper out, cover open, unplugged…): one `device` alert for it, its
    /// message updated when the fault changes. No session: the receipt waits in the print queue meanwhile.
    func raisePrinterAlert(printer: String, fault: String) async {
        let id = "device-printer"
        let message = "receipt printer \(printer): \(fault) (receipts wait until it can print)"
        guard alerts[id]?.message != message else { return }
        let alert = StaffAlert(
            kind: "device", id: id, session: nil, device: printer, at: clock.now().date, message: message, code: nil, published: true)
        alerts[id] = alert
        await events.publish(type: "alert", session: nil, encoding: alert)
    }

    /// The printer can print again: its `device` alert is resolved.
    func resolvePrinterAlert() {
        alerts["device-printer"] = nil
    }
}
