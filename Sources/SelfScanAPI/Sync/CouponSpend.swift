public import Foundation

/// `POST /v1/coupons/{serial}/spend` body: a kiosk spends a serialised coupon for a basket. The referential
/// grants the first spend of a serial chain-wide (a replay for the same store and session is granted again);
/// any other answers 409 `couponAlreadySpent`.
public struct CouponSpendRequest: Sendable, Hashable, Codable {
    public var sessionID: String
    public var spentAt: Date

    public init(sessionID: String, spentAt: Date) {
        self.sessionID = sessionID
        self.spentAt = spentAt
    }
}

/// Payload of a `couponSpent` ingest item: a serialised coupon accepted while the referential was
/// unreachable. The first spend of a serial wins; a later one is stored and flagged (`couponDoubleSpend`).
public struct CouponSpend: Sendable, Hashable, Codable {
    public var serial: String
    public var sessionID: String
    public var spentAt: Date

    public init(serial: String, sessionID: String, spentAt: Date) {
        self.serial = serial
        self.sessionID = sessionID
        self.spentAt = spentAt
    }
}

/// Payload of a `couponReleased` ingest item: the basket that spent `serial` was voided or abandoned, so the
/// shopper keeps the coupon. The referential frees the serial only while this store's `sessionID` holds it.
public struct CouponRelease: Sendable, Hashable, Codable {
    public var serial: String
    public var sessionID: String
    public var releasedAt: Date

    public init(serial: String, sessionID: String, releasedAt: Date) {
        self.serial = serial
        self.sessionID = sessionID
        self.releasedAt = releasedAt
    }
}

/// The answer to a spend (200): the spend that holds the serial.
public struct CouponSpendAnswer: Sendable, Hashable, Codable {
    public var serial: String
    public var storeID: String
    public var sessionID: String
    public var spentAt: Date
    /// This very spend was already granted (a retried request).
    public var replayed: Bool

    public init(serial: String, storeID: String, sessionID: String, spentAt: Date, replayed: Bool) {
        self.serial = serial
        self.storeID = storeID
        self.sessionID = sessionID
        self.spentAt = spentAt
        self.replayed = replayed
    }
}

/// An anomaly the referential raised for the audit (`GET /v1/audit-flags`).
public struct AuditFlag: Sendable, Hashable, Codable {
    /// `doubleExit` (a basket left through gates more than once) or `couponDoubleSpend` (a serialised coupon
    /// spent in more than one basket, offline).
    public var kind: String
    public var storeID: String
    /// The session (`doubleExit`) or `serial/session` (`couponDoubleSpend`).
    public var subject: String
    public var detail: String
    public var raisedAt: Date

    public init(kind: String, storeID: String, subject: String, detail: String, raisedAt: Date) {
        self.kind = kind
        self.storeID = storeID
        self.subject = subject
        self.detail = detail
        self.raisedAt = raisedAt
    }
}

/// `GET /v1/audit-flags` answer.
public struct AuditFlagList: Sendable, Hashable, Codable {
    public var flags: [AuditFlag]

    public init(flags: [AuditFlag]) { self.flags = flags }
}
