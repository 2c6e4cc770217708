/// What the simulated payment terminal does with the next payment request.
public enum SimulatedOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    /// The card is accepted: an authorisation code and a terminal transaction id.
    case approve
    /// The issuer declines.
    case decline
    /// The terminal approves, but its answer never reaches the daemon (it is found by asking for the last
    /// transaction).
    case timeout
    /// The shopper cancels on the terminal.
    case cancel
    /// The terminal approves, its answer is lost, and its next last-transaction query fails too (a cut
    /// cable): the daemon keeps the payment intent open and reconciles it later (next request, start-up).
    case lostAnswer
}
