public import Foundation
public import SelfScanCore

/// A payment intent as staff see it (`GET /v1/staff/payment-intents`): a charge or refund asked of the terminal
/// whose outcome the daemon does not know (the terminal's answer was lost). While one is open the daemon sends
/// the terminal nothing new; a supervisor resolves it from the terminal's journal.
public struct PaymentIntentView: Codable, Sendable, Hashable {
    /// The attempt, as sent to the terminal (`<payment key>#<attempt>`): what a resolution names.
    public let requestID: String
    /// `charge` or `refund`.
    public let kind: String
    public let sessionID: String
    public let amount: Money
    /// `open`, `completed` or `notCharged`.
    public let state: String
    public let createdAt: Date
    /// Refunds: the terminal transaction refunded.
    public let originalTransactionID: String?
    /// The terminal transaction id a `charged` resolution records.
    public let terminalTransactionID: String?

    public init(
        requestID: String, kind: String, sessionID: String, amount: Money, state: String, createdAt: Date,
        originalTransactionID: String?, terminalTransactionID: String?
    ) {
        self.requestID = requestID
        self.kind = kind
        self.sessionID = sessionID
        self.amount = amount
        self.state = state
        self.createdAt = createdAt
        self.originalTransactionID = originalTransactionID
        self.terminalTransactionID = terminalTransactionID
    }
}

/// A staff resolution of an intent, as recorded.
public struct PaymentIntentResolutionView: Codable, Sendable, Hashable {
    public let requestID: String
    /// `charged` or `notCharged`.
    public let resolution: String
    public let authorisationCode: String?
    public let staffID: String
    public let note: String?
    public let resolvedAt: Date

    public init(
        requestID: String, resolution: String, authorisationCode: String?, staffID: String, note: String?,
        resolvedAt: Date
    ) {
        self.requestID = requestID
        self.resolution = resolution
        self.authorisationCode = authorisationCode
        self.staffID = staffID
        self.note = note
        self.resolvedAt = resolvedAt
    }
}

/// `GET /v1/staff/payment-intents`: the open intents (oldest first) and the latest staff resolutions.
public struct PaymentIntentList: Codable, Sendable {
    public let intents: [PaymentIntentView]
    public let resolutions: [PaymentIntentResolutionView]

    public init(intents: [PaymentIntentView], resolutions: [PaymentIntentResolutionView]) {
        self.intents = intents
        self.resolutions = resolutions
    }
}

/// `POST /v1/staff/payment-intents/resolutions` body: `charged` with the authorisation number the terminal's
/// journal prints for this amount, or `notCharged` when the journal does not show it.
public struct PaymentIntentResolutionRequest: Codable, Sendable {
    public let requestID: String
    public let resolution: String
    public let authorisationCode: String?
    public let note: String?

    public init(requestID: String, resolution: String, authorisationCode: String? = nil, note: String? = nil) {
        self.requestID = requestID
        self.resolution = resolution
        self.authorisationCode = authorisationCode
        self.note = note
    }
}

/// The answer to a resolution: what stands now. `replayed` is `true` when the same resolution was already
/// recorded (a retried request changed nothing).
public struct PaymentIntentResolutionAnswer: Codable, Sendable {
    public let resolution: PaymentIntentResolutionView
    public let replayed: Bool
    /// `charged`: the payment recorded.
    public let payment: PaymentView?
    public let session: SessionView?

    public init(resolution: PaymentIntentResolutionView, replayed: Bool, payment: PaymentView?, session: SessionView?) {
        self.resolution = resolution
        self.replayed = replayed
        self.payment = payment
        self.session = session
    }
}
