public import Foundation

/// Payload of an `exited` ingest item: a gate let a paid basket out. Sent by the gate (its outbox), keyed
/// `exit-<pass nonce>`, ordered by session.
public struct ExitRecord: Sendable, Hashable, Codable {
    /// The basket (session id) the pass was issued for.
    public var sessionID: String
    /// The nonce of the pass that opened the gate.
    public var passNonce: String
    public var exitedAt: Date

    public init(sessionID: String, passNonce: String, exitedAt: Date) {
        self.sessionID = sessionID
        self.passNonce = passNonce
        self.exitedAt = exitedAt
    }
}

/// One exit as the referential lists it (`GET /v1/exits`), for the store's kiosks to learn that their paid
/// baskets left.
public struct ExitNotice: Sendable, Hashable, Codable {
    /// Position in the store's exit list (1, 2, 3…, committed in this order): the `after` of the next call.
    public var arrival: Int64
    public var sessionID: String
    /// The gate device that reported it.
    public var gateDevice: String
    public var exitedAt: Date
    /// More than one exit is recorded for this basket (two gates offline): flagged for the audit.
    public var doubleExit: Bool

    public init(arrival: Int64, sessionID: String, gateDevice: String, exitedAt: Date, doubleExit: Bool) {
        self.arrival = arrival
        self.sessionID = sessionID
        self.gateDevice = gateDevice
        self.exitedAt = exitedAt
        self.doubleExit = doubleExit
    }
}

/// `GET /v1/exits?after=<arrival>&limit=<n>` answer: the store's exits after `after`, oldest first.
public struct ExitList: Sendable, Hashable, Codable {
    public var exits: [ExitNotice]

    public init(exits: [ExitNotice]) { self.exits = exits }
}
