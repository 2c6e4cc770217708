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

    /// Stable machine-readable code.
    public var code: String {
        switch self {
        case .terminalTimeout: "terminalTimeout"
        case .terminalUnavailable: "terminalUnavailable"
        case .noTerminal: "noTerminal"
        case .badAmount: "badAmount"
        case .unknownTransaction: "unknownTransaction"
        }
    }

    var httpStatus: HTTPResponse.Status {
        switch self {
        case .terminalTimeout: .gatewayTimeout
        case .terminalUnavailable: .serviceUnavailable
        case .noTerminal: .notFound
        case .badAmount: .unprocessableContent
        case .unknownTransaction: .notFound
        }
    }

    public var description: String {
        switch self {
        case .terminalTimeout: "the payment terminal did not answer; its last transaction does not match this payment"
        case .terminalUnavailable(let reason): "the payment terminal is unavailable: \(reason)"
        case .noTerminal: "this device has no payment terminal"
        case .badAmount(let reason): "bad payment amount: \(reason)"
        case .unknownTransaction(let id): "no approved terminal transaction '\(id)'"
        }
    }
}
