import SelfScanCore

/// The `CD` action of a Caisse-AP request.
enum CaisseAPAction: String, Sendable {
    case debit = "0"
    case credit = "1"
    case cancellation = "2"
}

/// Builds the request message: pure.
enum CaisseAPRequest {
    static func message(
        _ request: PaymentRequest, action: CaisseAPAction, settings: CaisseAPTerminal.Settings
    ) throws(PaymentError) -> CaisseAPMessage {
        guard request.amount.minor > 0 else { throw .badAmount("\(request.amount) is not a positive amount") }
        guard let numeric = Currency.known[request.amount.currency.code]?.numeric else {
            throw .badAmount("no ISO 4217 numeric code for \(request.amount.currency)")
        }
        var amount = String(request.amount.minor)
        while amount.count < 2 { amount = "0" + amount }
        return CaisseAPMessage([
            (CaisseAPTag.version, settings.version),
            (CaisseAPTag.protocolID, settings.protocolID),
            (CaisseAPTag.registerNumber, settings.registerNumber),
            (CaisseAPTag.amount, amount),
            (CaisseAPTag.action, action.rawValue),
            (CaisseAPTag.currency, numeric),
        ])
    }
}
