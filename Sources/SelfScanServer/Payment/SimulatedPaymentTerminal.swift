/// A payment terminal that follows a script of outcomes (then approves), for tests, the demo and staff
/// training. `timeout` approves on the "terminal" but loses the answer: `lastTransaction()` finds it.
public actor SimulatedPaymentTerminal: PaymentTerminal {
    private var script: [SimulatedOutcome]
    private var last: TerminalTransaction?
    private var transactions: [String: TerminalTransaction] = [:]
    private var sequence = 0
    /// The next `lastTransaction()` fails (after a `lostAnswer`).
    private var lastTransactionUnavailable = false
    /// How many times the terminal actually charged a card (tests check retries never charge twice).
    public private(set) var chargeCount = 0
    /// Every charge the terminal approved (payments, not refunds), in order: what the money harness reconciles
    /// against the daemon's records and the referential.
    public private(set) var approvedCharges: [TerminalTransaction] = []
    /// Every refund the terminal made, in order.
    public private(set) var refunds: [TerminalTransaction] = []

    public init(script: [SimulatedOutcome] = []) { self.script = script }

    /// Replaces the remaining script.
    public func setScript(_ outcomes: [SimulatedOutcome]) { script = outcomes }

    public var remainingScript: [SimulatedOutcome] { script }

    public func pay(_ request: PaymentRequest) async throws(PaymentError) -> TerminalOutcome {
        let outcome = script.isEmpty ? .approve : script.removeFirst()
        switch outcome {
        case .cancel:
            return .cancelled
        case .decline:
            let transaction = record(request, approved: false)
            return .declined(transaction)
        case .approve:
            let transaction = record(request, approved: true)
            approvedCharges.append(transaction)
            return .approved(transaction)
        case .timeout:
            approvedCharges.append(record(request, approved: true))
            throw .terminalTimeout
        case .lostAnswer:
            approvedCharges.append(record(request, approved: true))
            lastTransactionUnavailable = true
            throw .terminalTimeout
        }
    }

    public func lastTransaction() async throws(PaymentError) -> TerminalTransaction? {
        if lastTransactionUnavailable {
            lastTransactionUnavailable = false
            throw .terminalUnavailable("no answer to the last-transaction query (simulated)")
        }
        return last
    }

    public func refund(_ request: PaymentRequest, of original: String) async throws(PaymentError) -> TerminalTransaction {
        guard let charged = transactions[original], charged.approved else { throw .unknownTransaction(original) }
        guard request.amount.currency == charged.amount.currency, request.amount.minor > 0,
            request.amount.minor <= charged.amount.minor
        else { throw .badAmount("refund of \(request.amount) on a \(charged.amount) transaction") }
        let refund = record(request, approved: true, scheme: charged.scheme, last4: charged.maskedPANLast4)
        refunds.append(refund)
        return refund
    }

    private func record(
        _ request: PaymentRequest, approved: Bool, scheme: String? = "CB", last4: String? = "4242"
    ) -> TerminalTransaction {
        sequence += 1
        if approved { chargeCount += 1 }
        let transaction = TerminalTransaction(
            terminalTransactionID: "SIM-\(sequence)", requestID: request.requestID, amount: request.amount,
            approved: approved, scheme: scheme, maskedPANLast4: last4,
            authorisationCode: approved ? String(format6: 100_000 + sequence) : nil,
            declineReason: approved ? nil : "declined by issuer (simulated)")
        last = transaction
        transactions[transaction.terminalTransactionID] = transaction
        return transaction
    }
}

extension String {
    fileprivate init(format6 value: Int) { self = String(value % 1_000_000) }
}
