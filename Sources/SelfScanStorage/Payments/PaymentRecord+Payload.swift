public import SelfScanAPI

extension PaymentRecord {
    /// What travels to the referential: the same facts, as the contract's payload.
    public var payload: PaymentPayload {
        PaymentPayload(
            idempotencyKey: idempotencyKey, sessionID: sessionID, amount: amount, outcome: outcome, scheme: scheme,
            last4: last4, authCode: authCode, terminalTransactionID: terminalTransactionID, recordedAt: recordedAt)
    }
}
