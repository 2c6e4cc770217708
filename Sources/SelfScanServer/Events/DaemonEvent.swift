public import Foundation
import SelfScanAPI

/// One message of the live event stream (`GET /v1/events`, WebSocket): the kiosk page, the handheld page
/// and the console redraw from these. `data` is the same JSON the matching REST endpoint returns.
public struct DaemonEvent: Sendable {
    /// `basket` (a session's basket changed), `alert` (staff needed: age check, unknown item, audit…),
    /// `scanRefused`, `payment`, `sync`, `device`, `resync` (a replay asked for events no longer kept).
    public let type: String
    /// The session concerned, if any: shopper subscribers only receive their session's events.
    public let session: String?
    /// `seq` on the wire: increases by one per event, and across restarts (see `EventHub`), so a client can
    /// tell it missed messages and ask for them again with `?since=`.
    public let sequence: Int
    /// Unix time in milliseconds (ISO 8601 text on the wire, like every instant the API sends).
    public let at: Int64
    /// The payload, JSON.
    public let data: Data

    public init(type: String, session: String?, sequence: Int, at: Int64, data: Data) {
        self.type = type
        self.session = session
        self.sequence = sequence
        self.at = at
        self.data = data
    }

    /// This event in the stream's one envelope (`EventEnvelope`); throws when `data` is not JSON.
    public func envelope() throws -> EventEnvelope {
        let payload = data.isEmpty ? JSONValue.null : try ProtocolJSON.sharedDecoder.decode(JSONValue.self, from: data)
        return EventEnvelope(type: type, session: session, sequence: sequence, at: Date(unixMilliseconds: at), data: payload)
    }

    /// `{"at":"2026-12-04T12:00:00Z","data":…,"seq":…,"sequence":…,"session":…,"type":…}` as sent on the wire
    /// (`EventEnvelope.text()`).
    public var json: String {
        get throws { try envelope().text() }
    }
}
