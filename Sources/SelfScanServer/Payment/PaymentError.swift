public import Hummingbird
public import SelfScanAPI

/// Payment failures the API reports.
public enum PaymentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The terminal did not answer in time (and asking for its last transaction did not resolve it).
    case terminalTimeout
    /// The terminal cannot be reached.
    case terminalUnavailable(String)
    /// This device has no payment terminal.
    case noTerminal
    /// The amount is zero, negative, or more than is due.
    case badAmount(String)
    /// Refund of a transaction the terminal does not know or that was not approved.
    case unknownTransaction(String)
    /// The client's `paymentID` is not 1…64 printable ASCII characters without spaces.
    case badPaymentID(String)
    /// The terminal is taking another payment or refund on this device: one at a time.
    case terminalBusy
    /// The line's share of what was paid (after discounts) is already refunded, or is zero.
    case nothingToRefund(String)
    /// The refund is larger than what is left of any single approved transaction of the session.
    case refundSpansPayments(String)
    /// No payment intent attempt has this request id.
    case unknownPaymentIntent(String)
    /// The intent's outcome is already recorded (or it was closed as not charged): there is nothing to resolve.
    case paymentIntentNotOpen(String)
    /// Staff already resolved this intent differently (charged vs not charged, or another authorisation number).
    case paymentIntentAlreadyResolved(String)
    /// A staff resolution that is not `charged` (with the journal's authorisation number) or `notCharged`.
    case badResolution(String)
    /// An earlier charge or refund's outcome is unknown (its answer was lost and the terminal cannot be asked):
    /// nothing new is sent to the terminal until it is reconciled or a supervisor resolves it.
    case paymentOutcomeUnknown(String)

    /// Stable machine-readable code.
    public var code: String {
        switch self {
        case .terminalTimeout: "terminalTimeout"
        case .terminalUnavailable: "terminalUnavailable"
        case .noTerminal: "noTerminal"
        case .badAmount: "badAmount"
        case .unknownTransaction: "unknownTransaction"
        case .badPaymentID: "badPaymentID"
        case .terminalBusy: "terminalBusy"
        case .nothingToRefund: "nothingToRefund"
        case .refundSpansPayments: "refundSpansPayments"
        case .unknownPaymentIntent: "unknownPaymentIntent"
        case .paymentIntentNotOpen: "paymentIntentNotOpen"
        case .paymentIntentAlreadyResolved: "paymentIntentAlreadyResolved"
        case .badResolution: "badResolution"
        case .paymentOutcomeUnknown: "paymentOutcomeUnknown"
        }
    }

    var httpStatus: HTTPResponse.Status {
        switch self {
        case .terminalTimeout: .gatewayTimeout
        case .terminalUnavailable, .paymentOutcomeUnknown: .serviceUnavailable
        case .noTerminal: .notFound
        case .badAmount: .unprocessableContent
        case .unknownTransaction, .unknownPaymentIntent: .notFound
        case .badPaymentID, .badResolution: .badRequest
        case .terminalBusy, .nothingToRefund, .refundSpansPayments, .paymentIntentNotOpen, .paymentIntentAlreadyResolved:
            .conflict
        }
    }

    public var description: String {
        switch self {
        case .terminalTimeout: "the payment terminal did not answer; its last transaction does not match this payment"
        case .terminalUnavailable(let reason): "the payment terminal is unavailable: \(reason)"
        case .noTerminal: "this device has no payment terminal"
        case .badAmount(let reason): "bad payment amount: \(reason)"
        case .unknownTransaction(let id): "no approved terminal transaction '\(id)'"
        case .badPaymentID(let reason): "bad paymentID: \(reason)"
        case .terminalBusy: "the payment terminal is busy with another payment or refund: try again in a moment"
        case .nothingToRefund(let reason): "nothing to refund: \(reason)"
        case .refundSpansPayments(let reason): "refund larger than any single approved payment: \(reason)"
        case .unknownPaymentIntent(let id): "no payment intent attempt '\(id)'"
        case .paymentIntentNotOpen(let reason): "the payment intent is not open: \(reason)"
        case .paymentIntentAlreadyResolved(let reason): "the payment intent was already resolved differently: \(reason)"
        case .badResolution(let reason): "bad resolution: \(reason)"
        case .paymentOutcomeUnknown(let reason): "an earlier payment's outcome is unknown: \(reason)"
        }
    }
}
