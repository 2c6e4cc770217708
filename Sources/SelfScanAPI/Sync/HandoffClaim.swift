public import Foundation

/// `POST /v1/sessions/{id}/claims` body: a device asks to take over a session suspended for hand-off.
///
/// The claim names the hand-off it answers: the signed pass's nonce and the sequence of the `suspended` event
/// the pass was issued for. The first claim of a hand-off wins; the same device replaying the same nonce gets
/// the same answer; any other claim of that hand-off is `409 alreadyClaimed`.
public struct HandoffClaimRequest: Sendable, Hashable, Codable {
    /// The claiming device: must be the bearer token's device.
    public var deviceID: String
    /// The hand-off pass's nonce (the claim's idempotency key together with the device).
    public var handoffNonce: String
    /// Sequence of the session's `suspended` event the pass was issued for.
    public var suspendSequence: Int64

    public init(deviceID: String, handoffNonce: String, suspendSequence: Int64) {
        self.deviceID = deviceID
        self.handoffNonce = handoffNonce
        self.suspendSequence = suspendSequence
    }
}

/// The answer to a granted claim (`201`, or `200` with `replayed: true` for a replay): the session's event
/// log up to and including the `suspended` event, in sequence order, exactly as the origin device sent it.
public struct HandoffClaimAnswer: Sendable, Hashable, Codable {
    public var sessionID: String
    /// The device that holds the session from now on.
    public var claimantDeviceID: String
    public var suspendSequence: Int64
    public var claimedAt: Date
    /// `true` when this claim had already been granted to the same device and nonce.
    public var replayed: Bool
    /// `BasketEvent` JSON objects, sequences 1…`suspendSequence` without gaps.
    public var events: [JSONValue]

    public init(
        sessionID: String, claimantDeviceID: String, suspendSequence: Int64, claimedAt: Date, replayed: Bool,
        events: [JSONValue]
    ) {
        self.sessionID = sessionID
        self.claimantDeviceID = claimantDeviceID
        self.suspendSequence = suspendSequence
        self.claimedAt = claimedAt
        self.replayed = replayed
        self.events = events
    }
}

extension JSONValue {
    /// The value of `key` when this is an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The integer, when this is one.
    public var integerValue: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The string, when this is one.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}
