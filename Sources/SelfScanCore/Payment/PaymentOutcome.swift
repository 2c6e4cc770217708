/// How a payment attempt ended, as the terminal reported it.
public enum PaymentOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    case approved
    case declined
    case cancelled
    case refunded
}
