public import Foundation
public import SelfScanAPI

/// The one JSON envelope of every message on the live event stream (`GET /v1/events`, WebSocket): the events
/// of the log (`DaemonEvent`) and the `subscribed` handshake that opens each stream. Encoded here only, with
/// the protocol's JSON settings (`ProtocolJSON`: sorted keys, ISO 8601 time):
///
/// `{"at":"2026-12-04T12:00:00Z","data":…,"seq":N,"sequence":N,"session":"…"|null,"type":"…"}`
///
/// `seq` and `sequence` carry the same number (`sequence` is kept for clients written before `seq`) and are
/// absent from the handshake, which is not an event of the log. `session` and `data` are always present,
/// `null` when there is none.
public struct EventEnvelope: Codable, Sendable, Hashable {
    /// `basket`, `alert`, `alertResolved`, `scanRefused`, `payment`, `sync`, `device`, `resync`, `subscribed`…
    public var type: String
    /// The session concerned, if any.
    public var session: String?
    /// The event's `seq`; `nil` for the handshake.
    public var sequence: Int?
    /// When the event was published (ISO 8601 on the wire, whole seconds).
    public var at: Date
    /// The payload: the same JSON the matching REST endpoint returns.
    public var data: JSONValue

    public init(type: String, session: String?, sequence: Int?, at: Date, data: JSONValue) {
        self.type = type
        self.session = session
        self.sequence = sequence
        self.at = at
        self.data = data
    }

    enum CodingKeys: String, CodingKey {
        case type, session, seq, sequence, at, data
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        session = try container.decodeIfPresent(String.self, forKey: .session)
        sequence =
            try container.decodeIfPresent(Int.self, forKey: .seq)
            ?? container.decodeIfPresent(Int.self, forKey: .sequence)
        at = try container.decode(Date.self, forKey: .at)
        data = try container.decodeIfPresent(JSONValue.self, forKey: .data) ?? .null
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        if let session { try container.encode(session, forKey: .session) } else { try container.encodeNil(forKey: .session) }
        try container.encodeIfPresent(sequence, forKey: .seq)
        try container.encodeIfPresent(sequence, forKey: .sequence)
        try container.encode(at, forKey: .at)
        try container.encode(data, forKey: .data)
    }

    /// The WebSocket text message.
    public func text() throws -> String {
        String(decoding: try ProtocolJSON.sharedEncoder.encode(self), as: UTF8.self)
    }

    /// The handshake that opens every stream: `data` is `{"lastSeq": N}`, the `seq` of the last event published
    /// before the subscription (every event after it follows, replayed ones first with `since`).
    public static func subscribed(lastSequence: Int, session: String?, at: Date) -> EventEnvelope {
        EventEnvelope(
            type: "subscribed", session: session, sequence: nil, at: at,
            data: .object(["lastSeq": .integer(Int64(lastSequence))]))
    }
}
