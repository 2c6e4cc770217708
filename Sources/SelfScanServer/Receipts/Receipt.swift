import Foundation
import Hummingbird
import SelfScanAPI
import SelfScanCore

/// The shopper's digital receipt: items, promotions, deposits, VAT per rate, payments.
/// `GET /v1/sessions/{id}/receipt` (JSON) or `?format=text` (`text`, below); synced as a `receipt` outbox row.
struct Receipt: Codable, Sendable, ResponseEncodable {
    struct Item: Codable, Sendable {
        let name: String
        let quantity: Int
        let weightGrams: Int?
        let unitPrice: Money
        let amount: Money
        let vatRate: Int
        let isDeposit: Bool
    }

    let store: String
    let device: String
    let session: String
    let issuedAt: Date
    /// A loyalty card was attached (the customer's id is not printed: see `SessionView.Customer`).
    let loyaltyCard: Bool
    let items: [Item]
    let discounts: [SessionView.Discount]
    let itemsSubtotal: Money
    let discountTotal: Money
    let depositTotal: Money
    let total: Money
    let vatBreakdown: [SessionView.VAT]
    let payments: [PaymentView]

    /// - Parameter paying: the payment that completes the basket, when it is committed together with this receipt
    ///   (not yet among the view's records): the synced receipt must list it like the displayed one.
    init(view: SessionView, issuedAt: Date, paying: PaymentView? = nil) throws {
        store = view.store
        device = view.device
        session = view.id
        self.issuedAt = issuedAt
        loyaltyCard = view.customer?.identified == true
        items = view.lines.filter { !$0.isVoided }.map {
            Item(
                name: $0.name, quantity: $0.quantity, weightGrams: $0.weightGrams, unitPrice: $0.unitPrice,
                amount: $0.total, vatRate: $0.vatRate, isDeposit: $0.kind == "deposit")
        }
        discounts = view.totals.discounts
        itemsSubtotal = view.totals.itemsSubtotal
        discountTotal = view.totals.discountTotal
        depositTotal = view.totals.depositTotal
        total = view.totals.total
        vatBreakdown = view.totals.vatBreakdown
        payments = view.payment.records
            + (paying.map { payment in view.payment.records.contains { $0.paymentID == payment.paymentID } ? [] : [payment] }
                ?? [])
    }

    /// A 48-column plain-text receipt, as a till printer would print it.
    var text: String {
        let width = 48
        func money(_ amount: Money) -> String { Money.format(minor: amount.minor, minorUnits: amount.currency.minorUnits) }
        let layout = ReceiptLayout(
            width: width, money: money, kilograms: { Money.format(minor: Int64($0), minorUnits: 3) }, perKilogram: "/kg")
        func row(_ left: String, _ right: String) -> String { layout.row(left, right) }
        var out: [String] = []
        let rule = String(repeating: "-", count: width)
        out.append("SelfScan — \(store)")
        out.append("Ticket \(session.prefix(8))  caisse \(device)")
        out.append(ISO8601DateFormatter().string(from: issuedAt))
        if loyaltyCard { out.append("Carte fidélité: oui") }
        out.append(rule)
        for item in items { out.append(contentsOf: layout.itemLines(item)) }
        out.append(rule)
        out.append(row("Sous-total", money(itemsSubtotal)))
        for discount in discounts {
            out.append(layout.discountLine(discount))
            // Why it applies (personal offers in context), wrapped to the receipt's width.
            if let reason = discount.reason {
                var current = ""
                for word in reason.split(separator: " ") {
                    if !current.isEmpty, current.count + 1 + word.count > width - 4 {
                        out.append("    " + current)
                        current = ""
                    }
                    current += (current.isEmpty ? "" : " ") + word
                }
                if !current.isEmpty { out.append("    " + current) }
            }
        }
        if !depositTotal.isZero { out.append(row("Consignes", money(depositTotal))) }
        out.append(row("TOTAL \(total.currency.code)", money(total)))
        out.append(rule)
        out.append(row("TVA taux", "base HT      TVA      TTC"))
        for vat in vatBreakdown {
            let columns = [money(vat.net), money(vat.vat), money(vat.gross)]
                .map { String(repeating: " ", count: max(0, 8 - $0.count)) + $0 }.joined(separator: " ")
            out.append(row("  \(vat.label)", columns))
        }
        out.append(rule)
        for payment in payments {
            out.append(layout.paymentLine(payment, word: payment.outcome))
            guard payment.outcome == "approved" || payment.outcome == "refunded" else { continue }
            if let authCode = payment.authCode { out.append("  Autorisation \(authCode)") }
            if let transaction = payment.terminalTransactionID { out.append("  Transaction \(transaction)") }
            if let ticket = payment.ticket, !ticket.isEmpty {
                out.append(contentsOf: ticket.split(separator: "\n").map { "  " + String($0.prefix(width - 2)) })
            }
        }
        out.append("Merci de votre visite !")
        return out.joined(separator: "\n") + "\n"
    }
}
