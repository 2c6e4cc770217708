public import Hummingbird
public import SelfScanAPI

/// Failures of the daemon's session layer (the basket core's own refusals are `BasketError`).
public enum SessionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No session with this id on this daemon.
    case notFound(String)
    /// The id is not a UUID.
    case badSessionID(String)
    /// The line id is not a UUID.
    case badLineID(String)
    /// The daemon has no catalog yet (first sync not done, nothing imported).
    case noCatalog
    /// A payment on this session is already talking to the terminal.
    case paymentInProgress
    /// Payment requested while the session is not ready to pay.
    case notReadyToPay(state: String)
    /// Exit pass or receipt asked for before payment.
    case notPaid(state: String)
    /// The hand-off code names a session this daemon does not hold.
    case handoffSessionElsewhere(String)
    /// The session was already resumed with this hand-off code.
    case handoffAlreadyUsed
    /// The scanned code is not something a shopper scans into a basket here (badge, exit pass…).
    case notScannable(kind: String)
    /// The audit has no rescans yet, or there is no audit in progress.
    case noAuditInProgress
    /// A payment was approved on this session: its lines leave the basket only through a staff refund, and
    /// the basket is frozen until it is paid in full (or voided by staff, which refunds what was paid).
    case basketLockedByPayment
    /// The hand-off code names an earlier suspension of this session (it was resumed and suspended again).
    case handoffSuperseded
    /// The session is suspended for a hand-off whose code is still valid: resume it with the code, or wait
    /// until the code expires to take it back here.
    case handoffPending(expiresAt: Int64)
    /// A single-use coupon whose serial the referential says was already spent (another basket or store).
    case couponAlreadySpent(String)

    /// Stable machine-readable code.
    public var code: String {
        switch self {
        case .notFound: "sessionNotFound"
        case .badSessionID: "badSessionID"
        case .badLineID: "badLineID"
        case .noCatalog: "noCatalog"
        case .paymentInProgress: "paymentInProgress"
        case .notReadyToPay: "notReadyToPay"
        case .notPaid: "notPaid"
        case .handoffSessionElsewhere: "handoffSessionElsewhere"
        case .handoffAlreadyUsed: "handoffAlreadyUsed"
        case .notScannable: "notScannable"
        case .noAuditInProgress: "noAuditInProgress"
        case .basketLockedByPayment: "basketLockedByPayment"
        case .handoffSuperseded: "handoffSuperseded"
        case .handoffPending: "handoffPending"
        case .couponAlreadySpent: "couponAlreadySpent"
        }
    }

    var httpStatus: HTTPResponse.Status {
        switch self {
        case .notFound: .notFound
        case .badSessionID, .badLineID: .badRequest
        case .noCatalog: .serviceUnavailable
        case .paymentInProgress, .notReadyToPay, .notPaid, .handoffAlreadyUsed, .noAuditInProgress,
            .basketLockedByPayment, .handoffSuperseded, .handoffPending, .couponAlreadySpent:
            .conflict
        case .handoffSessionElsewhere: .notFound
        case .notScannable: .unprocessableContent
        }
    }

    public var description: String {
        switch self {
        case .notFound(let id): "no session \(id) on this device"
        case .badSessionID(let id): "'\(id)' is not a session id (a UUID)"
        case .badLineID(let id): "'\(id)' is not a line id (a UUID)"
        case .noCatalog: "this device has no catalog yet: import one or wait for the first sync"
        case .paymentInProgress: "a payment for this session is already in progress on the terminal"
        case .notReadyToPay(let state): "the session is '\(state)': pay once it is 'readyToPay'"
        case .notPaid(let state): "the session is '\(state)': it has not been paid"
        case .handoffSessionElsewhere(let id): "session \(id) of this hand-off code is not held by this device"
        case .handoffAlreadyUsed: "this hand-off code was already used"
        case .notScannable(let kind): "a \(kind) cannot be scanned into a basket"
        case .noAuditInProgress: "no audit is in progress on this session"
        case .basketLockedByPayment:
            "a payment was approved on this session: lines can no longer be removed or changed (staff refund them "
                + "after payment, or void the session, which refunds what was paid)"
        case .handoffSuperseded: "this hand-off code is for an earlier suspension of the session"
        case .handoffPending(let expiresAt):
            "the session waits for its hand-off code (valid until \(expiresAt)); it can be taken back here after that"
        case .couponAlreadySpent(let detail): "this single-use coupon was already used: \(detail)"
        }
    }
}
