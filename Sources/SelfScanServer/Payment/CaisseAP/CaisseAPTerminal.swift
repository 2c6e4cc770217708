public import SelfScanCore

/// A card payment terminal spoken to with **Caisse-AP over IP** (the French vendor-independent protocol of the
/// Association du paiement, version 3: ASCII fields on a raw TCP socket, one connection per transaction).
///
/// What is knowable, and what the daemon does with it:
/// - the connection fails, or the request cannot be written: nothing reached the terminal, nothing charged
///   (`terminalUnavailable`; the intent is closed as not charged when the daemon next reconciles);
/// - a whole answer comes back: approved (`AE=10`), declined (`AE=01` with `AF` 04/05/08…) or abandoned by the
///   cardholder (`AF=11`): recorded as such;
/// - the request was sent and no whole answer came back (timeout, connection cut mid-answer, garbage): the card
///   **may** have been charged. Caisse-AP over IP has no standard "last transaction" query, so this adapter says
///   it does not know (`lastTransaction()` throws `terminalUnavailable` until a later whole answer), and the
///   daemon keeps the payment intent open and refuses new terminal requests until it is resolved — never
///   dropped, never retried blindly (a retry could charge twice). Staff read the terminal's journal.
/// - after a restart the adapter does not know the terminal's last transaction either, for the same reason.
public actor CaisseAPTerminal: PaymentTerminal {
    public struct Settings: Sendable, Hashable {
        public var host: String
        public var port: Int
        /// Cash register number (`CA`), two digits.
        public var registerNumber: String
        /// Protocol version sent in `CZ`.
        public var version: String
        /// The point of sale's protocol identifier (`CJ`), as the terminal's installer configured it.
        public var protocolID: String
        public var connectTimeout: Duration
        /// How long the cardholder may take: after it, the outcome is unknown.
        public var answerTimeout: Duration

        public init(
            host: String = "127.0.0.1", port: Int = 8888, registerNumber: String = "01", version: String = "0300",
            protocolID: String = "000000000000", connectTimeout: Duration = .seconds(3), answerTimeout: Duration = .seconds(120)
        ) {
            self.host = host
            self.port = port
            self.registerNumber = registerNumber
            self.version = version
            self.protocolID = protocolID
            self.connectTimeout = connectTimeout
            self.answerTimeout = answerTimeout
        }
    }

    /// What the adapter knows of the terminal's last transaction.
    private enum Knowledge {
        /// Since start-up or since a request without a whole answer.
        case unknown(String)
        /// The last whole answer (nil: no transaction, e.g. abandoned by the cardholder).
        case known(TerminalTransaction?)
    }

    public let settings: Settings
    private var knowledge: Knowledge = .unknown("not asked since start-up")
    /// The ticket text of the last answer, when the terminal sent one.
    public private(set) var lastTicket: String?

    public init(settings: Settings) { self.settings = settings }

    public func pay(_ request: PaymentRequest) async throws(PaymentError) -> TerminalOutcome {
        let answer = try await exchange(request, action: .debit)
        guard let transaction = answer.transaction else { return .cancelled }
        return transaction.approved ? .approved(transaction) : .declined(transaction)
    }

    public func lastTransaction() async throws(PaymentError) -> TerminalTransaction? {
        switch knowledge {
        case .known(let transaction): return transaction
        case .unknown(let why):
            throw .terminalUnavailable(
                "outcome unknown (\(why)): Caisse-AP has no last-transaction query; check the terminal's journal")
        }
    }

    /// A credit (`CD=1`): Caisse-AP credits are not tied to the original transaction (the daemon caps refunds
    /// by what was paid; `original` is kept in the intent and the record, not sent).
    public func refund(_ request: PaymentRequest, of original: String) async throws(PaymentError) -> TerminalTransaction {
        let answer = try await exchange(request, action: .credit)
        return answer.transaction
            ?? TerminalTransaction(
                terminalTransactionID: Self.transactionID(request), requestID: request.requestID, amount: request.amount,
                approved: false, scheme: nil, maskedPANLast4: nil, authorisationCode: nil,
                declineReason: "abandoned on the terminal")
    }

    /// Cancels the terminal's last transaction (`CD=2`) for `request.amount`.
    public func cancelLast(_ request: PaymentRequest) async throws(PaymentError) -> TerminalTransaction? {
        try await exchange(request, action: .cancellation).transaction
    }

    /// A cancellation (`CD=2`) of `original` when this daemon knows it is the terminal's last transaction, approved,
    /// for exactly `request.amount`; nil otherwise (after a restart or another transaction: the caller credits).
    public func cancelLastTransaction(
        _ request: PaymentRequest, of original: String
    ) async throws(PaymentError) -> TerminalTransaction? {
        guard case .known(let known) = knowledge, let last = known, last.approved, last.terminalTransactionID == original,
            last.amount == request.amount
        else { return nil }
        return try await cancelLast(request)
    }

    /// Whether the terminal accepts a connection (nothing is written: nothing can be charged). nil: reachable.
    public static func probe(host: String, port: Int, timeout: Duration = .seconds(3)) async -> String? {
        await CaisseAPExchange.probe(host: host, port: port, timeout: timeout)
    }

    // MARK: - One exchange

    private func exchange(_ request: PaymentRequest, action: CaisseAPAction) async throws(PaymentError) -> Decoded {
        let bytes: [UInt8]
        do {
            bytes = try CaisseAPCodec.encode(try CaisseAPRequest.message(request, action: action, settings: settings))
        } catch let error as PaymentError {
            throw error
        } catch {
            throw .badAmount("cannot encode the Caisse-AP request: \(error)")
        }
        let result = await CaisseAPExchange.run(
            host: settings.host, port: settings.port, request: bytes, connectTimeout: settings.connectTimeout,
            answerTimeout: settings.answerTimeout)
        switch result {
        case .notSent(let reason):
            throw .terminalUnavailable(reason)
        case .noAnswer(let reason):
            knowledge = .unknown(reason)
            throw .terminalTimeout
        case .answer(let message):
            let decoded = CaisseAPAnswer.decode(message, for: request, transactionID: Self.transactionID(request))
            knowledge = .known(decoded.transaction)
            lastTicket = decoded.ticket
            return decoded
        }
    }

    /// The id the daemon stores for a transaction: Caisse-AP answers carry no transaction number of their own in
    /// the fields every terminal sends, so it is the request's id (unique per attempt), prefixed.
    static func transactionID(_ request: PaymentRequest) -> String { "CAP-\(request.requestID)" }

    public nonisolated func transactionID(forRequest requestID: String) -> String { "CAP-\(requestID)" }

    typealias Decoded = CaisseAPAnswer.Decoded
}
