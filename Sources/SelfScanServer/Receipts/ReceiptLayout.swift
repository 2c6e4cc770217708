import SelfScanAPI
import SelfScanCore

/// The text layout both receipts share (the printed ESC/POS one and the plain/e-receipt text): a row with the
/// amount flush right, the item lines with their quantity or weight detail, a promotion line, a payment line.
/// Each renderer passes its own way of writing amounts (`,` and `€` on paper, `.` in the text receipt).
struct ReceiptLayout {
    let width: Int
    /// An amount as this receipt writes it.
    let money: (Money) -> String
    /// A weight in grams as kilograms (`1,234` or `1.234`).
    let kilograms: (Int) -> String
    /// What follows the unit price of a weighed item (` €/kg` or `/kg`).
    let perKilogram: String

    /// `left` clipped so that `right` stands flush right, on `columns` characters (the receipt's width by default).
    func row(_ left: String, _ right: String, columns: Int? = nil) -> String {
        let span = columns ?? width
        let room = max(1, span - right.count - 1)
        let clipped = left.count > room ? String(left.prefix(room)) : left
        return clipped + String(repeating: " ", count: max(1, span - clipped.count - right.count)) + right
    }

    /// One item: its name and amount, then the weight or quantity detail line if any (a deposit reads `consigne`).
    func itemLines(_ item: Receipt.Item) -> [String] {
        if let grams = item.weightGrams {
            return [row(item.name, money(item.amount)), "  \(kilograms(grams)) kg x \(money(item.unitPrice))\(perKilogram)"]
        } else if item.quantity > 1 {
            return [row(item.name, money(item.amount)), "  \(item.quantity) x \(money(item.unitPrice))"]
        } else {
            return [row(item.isDeposit ? "  consigne" : item.name, money(item.amount))]
        }
    }

    /// A promotion, its amount written as a deduction.
    func discountLine(_ discount: SessionView.Discount) -> String {
        row("  \(discount.name)", "-" + money(Money(minor: abs(discount.amount.minor), currency: discount.amount.currency)))
    }

    /// A payment: `word` (its outcome as this receipt says it), the card scheme and last four digits, the amount.
    func paymentLine(_ payment: PaymentView, word: String) -> String {
        let card = [payment.scheme, payment.last4.map { "****\($0)" }].compactMap { $0 }.joined(separator: " ")
        return row(word + (card.isEmpty ? "" : " " + card), money(payment.amount))
    }
}
