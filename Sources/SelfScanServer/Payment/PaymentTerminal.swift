public import SelfScanCore

/// One request to the terminal. `requestID` is the idempotency key: the daemon generates it once per payment
/// attempt and reuses it when it retries, and the terminal echoes it in its transactions.
public struct PaymentRequest: Sendable, Hashable, Codable {
    public let requestID: String
    public let amount: Money
    /// The session paid for (printed on the terminal's ticket).
    public let reference: String

    public init(requestID: String, amount: Money, reference: String) {
        self.requestID = requestID
        self.amount = amount
        self.reference = reference
    }
}

/// What a terminal returns about a transaction. Only this is stored: never card data.
public struct TerminalTransaction: Sendable, Hashable, Codable {
    public let terminalTransactionID: String
    public let requestID: String
    public let amount: Money
    public let approved: Bool
    /// `VISA`, `CB`, `MASTERCARD`…
    public let scheme: String?
    /// Last four digits of the card number, as the terminal prints them.
    public let maskedPANLast4: String?
    public let authorisationCode: String?
    /// The terminal's reason for a decline.
    public let declineReason: String?

    public init(
        terminalTransactionID: String, requestID: String, amount: Money, approved: Bool, scheme: String?,
        maskedPANLast4: String?, authorisationCode: String?, declineReason: String?
    ) {
        self.terminalTransactionID = terminalTransactionID
        self.requestID = requestID
        self.amount = amount
        self.approved = approved
        self.scheme = scheme
        self.maskedPANLast4 = maskedPANLast4
        self.authorisationCode = authorisationCode
        self.declineReason = declineReason
    }
}

/// The outcome of asking the terminal to take a payment.
public enum TerminalOutcome: Sendable, Hashable {
    case approved(TerminalTransaction)
    case declined(TerminalTransaction)
    /// The shopper cancelled on the terminal: nothing was charged.
    case cancelled
}

/// The port to a card payment terminal (the daemon's side of e.g. a Nepting/Concert/OPI protocol).
public protocol PaymentTerminal: Sendable {
    /// Asks the terminal to take `request.amount`. Throws `PaymentError.terminalTimeout` when the answer does
    /// not come back: the caller then asks `lastTransaction()` what happened.
    func pay(_ request: PaymentRequest) async throws(PaymentError) -> TerminalOutcome
    /// The terminal's last transaction (approved or declined), to resolve a timeout.
    func lastTransaction() async throws(PaymentError) -> TerminalTransaction?
    /// Refunds `amount` of an earlier approved transaction.
    func refund(_ request: PaymentRequest, of original: String) async throws(PaymentError) -> TerminalTransaction
}
