public import SelfScanAPI
public import SelfScanCore

/// Errors of the referential's stores and admin operations: a code and its context.
public struct ReferentialError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case unknownStore
        /// An admin command named a device that holds no token.
        case unknownDevice
        case storeExists
        case unknownProduct
        case unknownCatalogVersion
        case insufficientStock
        case conflictingReservation
        case unknownReservation
        /// A device of one store acted on another store's reservation.
        case wrongStore
        case invalidDatabaseURL
        case invalidImport
        case corruptRow
        case database
        /// A hand-off claim came before the session's log up to its suspension.
        case notYetSynced
        /// Another device (or nonce) claimed this hand-off first.
        case alreadyClaimed
        /// The session went on after the hand-off's suspension.
        case handoffSuperseded
        /// A claim that cannot be right (wrong device, not a hand-off suspension, bad fields).
        case invalidClaim
        /// A serialised coupon already spent in another basket.
        case couponAlreadySpent
        /// No customer has this id (erasure, export, consent): nothing was changed.
        case unknownCustomer
        /// The admin route needs an admin token.
        case adminOnly
        /// The bearer token was revoked (or never issued) by the time the request's transaction ran.
        case revokedToken
        /// An offer-targeting run named a promotion the catalog does not hold, or one that is not a personal offer.
        case unknownPersonalOffer
    }

    public var code: Code
    public var context: String

    public init(_ code: Code, _ context: String) {
        self.code = code
        self.context = context
    }

    public var description: String { "\(code.rawValue): \(context)" }

    /// The protocol error a client sees for this error.
    public var protocolCode: ProtocolErrorCode {
        switch code {
        case .unknownStore, .unknownDevice, .unknownProduct, .unknownReservation, .unknownCustomer, .unknownPersonalOffer:
            .notFound
        case .adminOnly, .revokedToken: .unauthorized
        case .wrongStore: .wrongStore
        case .unknownCatalogVersion: .unknownCatalogVersion
        case .insufficientStock: .insufficientStock
        case .conflictingReservation, .storeExists: .conflict
        case .invalidDatabaseURL, .invalidImport: .invalidRequest
        case .corruptRow: .internalError
        case .database: .unavailable
        case .notYetSynced: .notYetSynced
        case .alreadyClaimed: .alreadyClaimed
        case .handoffSuperseded: .handoffSuperseded
        case .invalidClaim: .invalidRequest
        case .couponAlreadySpent: .couponAlreadySpent
        }
    }
}
