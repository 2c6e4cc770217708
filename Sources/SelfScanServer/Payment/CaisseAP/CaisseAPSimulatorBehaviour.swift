/// What the Caisse-AP terminal simulator does with the next debit or credit request.
public enum CaisseAPSimulatorBehaviour: String, Sendable, Hashable, Codable, CaseIterable {
    /// Approves at once (`AE=10`).
    case approve
    /// The issuer refuses (`AE=01`, `AF=04`): nothing charged.
    case decline
    /// The cardholder abandons (`AE=01`, `AF=11`): nothing charged.
    case abandon
    /// Never answers, and keeps the connection open: the request times out on the register **before** the
    /// terminal decides (nothing charged).
    case timeoutBeforeApproval
    /// Charges the card, then never answers (the register times out **after** the approval).
    case timeoutAfterApproval
    /// Charges the card, then closes the connection without answering.
    case disconnect
    /// Charges the card, writes its answer up to the `AE` field (a field boundary), then closes the connection.
    case cutMidAnswer
    /// Approves after `slowAnswer` (a cardholder typing a PIN).
    case slow
}
