import SelfScanCore

/// The cardholder ticket of a Caisse-AP answer, as text lines for the shopper's receipt: pure.
///
/// Caisse-AP over IP answers carry the transaction's facts as fields, not a printed ticket (the public
/// open-source implementations read no ticket field; OCA's Odoo module likewise builds its ticket line from
/// `CC`), so the daemon writes the ticket from what the answer says: the card application (`CC`, `AI`), the
/// read mode (`CI`), the last four digits (`AA`, never more), the authorisation number (`AC`), the merchant
/// contract (`CG`), the operation and the amount.
enum CaisseAPTicket {
    static func text(
        _ message: CaisseAPMessage, amount: Money, action: String?, approved: Bool, last4: String?, scheme: String?
    ) -> String {
        var lines: [String] = []
        let application = message[CaisseAPTag.paymentMode].flatMap(applicationLabel) ?? scheme.map(schemeLabel)
        if let application {
            var mode = message[CaisseAPTag.readMode].flatMap(readModeLabel)
            if let known = mode, application.hasSuffix(known) { mode = nil }
            lines.append([application, mode].compactMap { $0 }.joined(separator: " "))
        }
        if let last4 { lines.append("CARTE ############\(last4)") }
        if let contract = message[CaisseAPTag.contract] { lines.append("CONTRAT \(contract)") }
        if approved, let authorisation = message[CaisseAPTag.authorisation] { lines.append("AUTORISATION \(authorisation)") }
        let operation =
            switch action ?? "0" {
            case "1": "CREDIT"
            case "2": "ANNULATION"
            default: "DEBIT"
            }
        let formatted = Money.format(minor: amount.minor, minorUnits: amount.currency.minorUnits)
        lines.append("\(operation) \(formatted) \(amount.currency.code)")
        lines.append(approved ? "TRANSACTION ACCEPTEE" : "TRANSACTION REFUSEE")
        return lines.joined(separator: "\n")
    }

    /// `CC` (three characters, e.g. `001`, `00B`): the card application the terminal used.
    static func applicationLabel(_ code: String) -> String? {
        let labels: [Character: String] = [
            "1": "CB", "B": "CB SANS CONTACT", "2": "AMEX", "D": "AMEX SANS CONTACT", "3": "CB ENSEIGNE",
            "6": "DINERS", "9": "JCB", "U": "CUP", "C": "CHEQUE",
        ]
        guard code.count == 3, let last = code.last else { return nil }
        return labels[last]
    }

    /// `CI`: how the card was read.
    static func readModeLabel(_ code: String) -> String? {
        switch code {
        case "1": "CONTACT"
        case "2": "SANS CONTACT"
        case "3": "PISTE"
        case "4": "SAISIE MANUELLE"
        default: nil
        }
    }

    static func schemeLabel(_ scheme: String) -> String { scheme == "CB" ? "CB" : scheme }
}
