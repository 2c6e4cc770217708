import SelfScanCore

/// Maps a Caisse-AP answer to what the daemon records: pure.
enum CaisseAPAnswer {
    struct Decoded: Sendable {
        /// nil: the cardholder abandoned (`AF=11`), nothing was charged and there is no transaction.
        let transaction: TerminalTransaction?
        let ticket: String?
    }

    /// Whether a message that ends on a field boundary is a whole answer. Caisse-AP over IP has no frame header,
    /// so an answer cut right after its `AE` field parses cleanly: an approval (`AE=10`) is whole only with its
    /// authorisation number (`AC`), a failure only with its reason (`AF`). Anything less is read further, and a
    /// connection that ends there leaves the outcome unknown (never "not charged").
    static func isWhole(_ message: CaisseAPMessage) -> Bool {
        switch message[CaisseAPTag.result] {
        case "10": message[CaisseAPTag.authorisation] != nil
        case "01": message[CaisseAPTag.failureReason] != nil
        default: false
        }
    }

    static func decode(_ message: CaisseAPMessage, for request: PaymentRequest, transactionID: String) -> Decoded {
        let done = message[CaisseAPTag.result] == "10"
        let reason = message[CaisseAPTag.failureReason]
        if !done && reason == "11" { return Decoded(transaction: nil, ticket: nil) }
        var amount = request.amount
        if let echoed = message[CaisseAPTag.amount].flatMap(Int64.init), echoed > 0 {
            amount = Money(minor: echoed, currency: request.amount.currency)
        }
        let schemeName = Self.scheme(message)
        let panTail = message[CaisseAPTag.maskedPAN].flatMap(Self.last4)
        let ticket = CaisseAPTicket.text(
            message, amount: amount, action: message[CaisseAPTag.action], approved: done, last4: panTail,
            scheme: schemeName)
        let transaction = TerminalTransaction(
            terminalTransactionID: transactionID, requestID: request.requestID, amount: amount, approved: done,
            scheme: schemeName, maskedPANLast4: panTail,
            authorisationCode: done ? message[CaisseAPTag.authorisation] : nil,
            declineReason: done ? nil : declineReason(reason), ticket: ticket)
        return Decoded(transaction: transaction, ticket: ticket)
    }

    /// The card scheme from the application identifier's registered provider id (RID).
    static func scheme(_ message: CaisseAPMessage) -> String? {
        guard let aid = message[CaisseAPTag.applicationID]?.uppercased() else { return nil }
        let schemes = [
            "A000000042": "CB", "A000000003": "VISA", "A000000004": "MASTERCARD", "A000000025": "AMEX",
        ]
        return schemes.first { aid.hasPrefix($0.key) }?.value
    }

    /// The last four digits of a masked card number, only when they are digits.
    static func last4(_ masked: String) -> String? {
        let tail = String(masked.suffix(4))
        return tail.count == 4 && tail.allSatisfy(\.isASCII) && tail.allSatisfy(\.isNumber) ? tail : nil
    }

    static func declineReason(_ code: String?) -> String {
        switch code {
        case "04": "refused (AF=04)"
        case "05": "forbidden (AF=05)"
        case "08": "timeout on the terminal (AF=08)"
        case "09": "format error (AF=09)"
        case let code?: "not done (AF=\(code))"
        case nil: "not done"
        }
    }
}
