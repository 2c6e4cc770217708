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
    /// The terminal's ticket text (the cardholder's receipt lines), when it gives one: never a whole card number.
    public let ticket: String?

    public init(
        terminalTransactionID: String, requestID: String, amount: Money, approved: Bool, scheme: String?,
        maskedPANLast4: String?, authorisationCode: String?, declineReason: String?, ticket: String? = nil
    ) {
        self.terminalTransactionID = terminalTransactionID
        self.requestID = requestID
        self.amount = amount
        self.approved = approved
        self.scheme = scheme
        self.maskedPANLast4 = maskedPANLast4
        self.authorisationCode = authorisationCode
        self.declineReason = declineReason
        self.ticket = ticket
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
    /// not come back: the caller then asks `lastTransaction()` what happened. Any other error means the request
    /// never reached the terminal: nothing was charged (the caller closes its intent).
    func pay(_ request: PaymentRequest) async throws(PaymentError) -> TerminalOutcome
    /// The terminal's last transaction (approved or declined), to resolve a timeout.
    func lastTransaction() async throws(PaymentError) -> TerminalTransaction?
    /// Refunds `amount` of an earlier approved transaction. Errors as `pay`: only `terminalTimeout` leaves the
    /// outcome unknown.
    func refund(_ request: PaymentRequest, of original: String) async throws(PaymentError) -> TerminalTransaction
    /// The transaction id this terminal gives the request `requestID`: what a payment recorded by hand (a staff
    /// resolution read from the terminal's journal) carries.
    func transactionID(forRequest requestID: String) -> String
    /// Cancels `original` whole, when it is still the terminal's last transaction (before the day's remittance the
    /// cardholder is never charged: no credit, no fee). nil: this terminal cannot cancel it (not its last
    /// transaction, or no cancellation in its protocol) — the caller refunds instead. Errors as `pay`.
    func cancelLastTransaction(_ request: PaymentRequest, of original: String) async throws(PaymentError) -> TerminalTransaction?
}

extension PaymentTerminal {
    /// Terminals without a cancellation: the caller refunds.
    public func cancelLastTransaction(
        _ request: PaymentRequest, of original: String
    ) async throws(PaymentError) -> TerminalTransaction? { nil }

    /// Terminals whose ids are their own (not derived from the request): a hand-recorded payment is marked so.
    public func transactionID(forRequest requestID: String) -> String { "MANUAL-\(requestID)" }
}
