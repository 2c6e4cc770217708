import Foundation
import SelfScanCore
import SelfScanDevices

extension Receipt {
    /// The paper receipt as ESC/POS commands for a printer of `columns` characters per line: store header,
    /// lines (quantity and weight detail), promotion lines, deposits, the total in bold double size, the VAT
    /// breakdown per rate, payments, and the exit pass (or the e-receipt link) as a QR code the printer draws
    /// itself (`GS ( k`), then a cut. Text in CP1252 (`CP1252`: œ, €, French accents).
    func escPosDocument(
        columns: Int, qr: String?, qrCaption: String = "Pass de sortie", timeZone: TimeZone = .gmt
    ) -> EscPosDocument {
        let width = max(16, columns)
        func money(_ amount: Money) -> String {
            Money.format(minor: amount.minor, minorUnits: amount.currency.minorUnits).replacingOccurrences(of: ".", with: ",")
        }
        func priced(_ amount: Money) -> String { money(amount) + (amount.currency.code == "EUR" ? " €" : " " + amount.currency.code) }
        let layout = ReceiptLayout(
            width: width, money: money,
            kilograms: { Money.format(minor: Int64($0), minorUnits: 3).replacingOccurrences(of: ".", with: ",") },
            perKilogram: " €/kg")
        func row(_ left: String, _ right: String, columns: Int? = nil) -> String { layout.row(left, right, columns: columns) }
        let rule = String(repeating: "-", count: width)
        var document = EscPosDocument()
        document.initialize()
        document.align(.center)
        document.bold(true)
        document.line("SelfScan — \(store)")
        document.bold(false)
        document.line("Ticket \(session.prefix(8))  caisse \(device)")
        document.line(Self.printedDate(issuedAt, timeZone: timeZone))
        if loyaltyCard { document.line("Carte fidélité") }
        document.align(.left)
        document.line(rule)
        for item in items {
            for text in layout.itemLines(item) { document.line(text) }
        }
        document.line(rule)
        document.line(row("Sous-total", money(itemsSubtotal)))
        for discount in discounts { document.line(layout.discountLine(discount)) }
        if !depositTotal.isZero { document.line(row("Consignes", money(depositTotal))) }
        document.bold(true)
        document.size(width: 2, height: 2)
        document.line(row("TOTAL", priced(total), columns: width / 2))
        document.size(width: 1, height: 1)
        document.bold(false)
        document.line(rule)
        // VAT per rate: net, VAT, gross in right-aligned cells (9 wide on 80 mm paper, 7 on 58 mm).
        let cell = width >= 48 ? 9 : 7
        func cells(_ texts: [String]) -> String {
            texts.map { String(repeating: " ", count: max(0, cell - $0.count)) + $0 }.joined(separator: " ")
        }
        document.line(row("TVA", cells(["HT", "TVA", "TTC"])))
        for vat in vatBreakdown {
            document.line(row(vat.label, cells([money(vat.net), money(vat.vat), money(vat.gross)])))
        }
        document.line(rule)
        for payment in payments { document.line(layout.paymentLine(payment, word: Self.outcomeWord(payment.outcome))) }
        document.align(.center)
        document.line("Merci de votre visite !")
        if let qr {
            document.line()
            document.qr(qr, moduleSize: width <= 32 ? 4 : 6, correction: .medium)
            document.line(qrCaption)
        }
        document.align(.left)
        document.line()
        document.line()
        document.line()
        document.cut()
        return document
    }

    /// `04/12/2026 17:05` in the store's time zone (config `timeZone`), as the shopper's watch reads it; a zone
    /// that is UTC says so (`16:05 UTC`).
    static func printedDate(_ date: Date, timeZone: TimeZone = .gmt) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ value: Int?) -> String { let text = String(value ?? 0); return text.count < 2 ? "0" + text : text }
        let zone = timeZone.secondsFromGMT(for: date) == 0 && ["UTC", "GMT"].contains(timeZone.identifier) ? " UTC" : ""
        return "\(two(parts.day))/\(two(parts.month))/\(parts.year ?? 0) \(two(parts.hour)):\(two(parts.minute))\(zone)"
    }

    static func outcomeWord(_ outcome: String) -> String {
        switch outcome {
        case "approved": "Payé"
        case "refunded": "Remboursé"
        default: outcome
        }
    }
}
