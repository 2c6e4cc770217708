import Hummingbird

/// Why a hand-off from another device could not be taken over. Nothing changed on this device in any case.
public enum HandoffError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The origin device has not pushed the suspension to the referential yet (after a short bounded retry).
    case notYetSynced(session: String)
    /// Another device already took this hand-off.
    case claimedElsewhere(session: String)
    /// The session went on after the code was issued (resumed or changed on its device, or handed on again).
    case superseded(session: String)
    /// The referential could not be reached or failed: try again.
    case referentialUnavailable(reason: String)
    /// The referential refused the claim (bad token, store…): an operator must look.
    case referentialRefused(reason: String)
    /// The log the referential sent does not rebuild the suspended session the code names.
    case invalidLog(reason: String)

    /// Stable machine-readable code.
    public var code: String {
        switch self {
        case .notYetSynced: "handoffNotYetSynced"
        case .claimedElsewhere: "handoffClaimedElsewhere"
        case .superseded: "handoffSuperseded"
        case .referentialUnavailable: "referentialUnavailable"
        case .referentialRefused: "referentialRefused"
        case .invalidLog: "handoffLogInvalid"
        }
    }

    var httpStatus: HTTPResponse.Status {
        switch self {
        case .notYetSynced, .referentialUnavailable: .serviceUnavailable
        case .claimedElsewhere, .superseded: .conflict
        case .referentialRefused, .invalidLog: .badGateway
        }
    }

    public var description: String {
        switch self {
        case .notYetSynced(let id):
            "the handheld has not synced session \(id) yet: try again in a moment"
        case .claimedElsewhere(let id): "session \(id) was already taken over by another device"
        case .superseded(let id): "session \(id) went on after this hand-off code was issued: the code is no longer good"
        case .referentialUnavailable(let reason):
            "the central referential cannot be reached to take over the basket: try again (\(reason))"
        case .referentialRefused(let reason): "the central referential refused the hand-off: \(reason)"
        case .invalidLog(let reason): "the hand-off's event log is not usable: \(reason)"
        }
    }
}
