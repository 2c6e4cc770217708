import Foundation
import SelfScanAPI
@testable import SelfScanServer
import Testing

@Suite("One event envelope: the events and the subscribed handshake")
struct EventEnvelopeTests {
    static let at = Date(timeIntervalSince1970: 1_796_000_000)
    static let atText = "2026-11-30T00:53:20Z"

    @Test func anEventAndTheHandshakeDecodeThroughTheSameType() throws {
        let payload = #"{"lines":[{"name":"Caf\u00e9 \"moulu\""}],"total":{"currency":"EUR","minor":1234}}"#
        let event = DaemonEvent(
            type: "basket", session: "S-1 \"quoted\"", sequence: 42, at: Self.at.unixMilliseconds, data: Data(payload.utf8))
        let handshake = try EventStreamRoutes.subscribedMessage(lastSequence: 41, session: nil, at: Self.at)

        let decoder = ProtocolJSON.decoder()
        let decodedEvent = try decoder.decode(EventEnvelope.self, from: Data(try event.json.utf8))
        let decodedHandshake = try decoder.decode(EventEnvelope.self, from: Data(handshake.utf8))

        #expect(
            decodedEvent
                == EventEnvelope(
                    type: "basket", session: "S-1 \"quoted\"", sequence: 42, at: Self.at,
                    data: .object([
                        "lines": .array([.object(["name": .string("Café \"moulu\"")])]),
                        "total": .object(["currency": .string("EUR"), "minor": .integer(1234)]),
                    ])))
        #expect(decodedHandshake == .subscribed(lastSequence: 41, session: nil, at: Self.at))
        #expect(decodedHandshake.sequence == nil, "the handshake is not an event of the log")
    }

    /// The keys every client reads stay as they were when the envelope was built by hand: `seq` and `sequence`
    /// on events only, `session` and `data` always present (null when empty), ISO 8601 time, sorted keys.
    @Test func theWireTextKeepsItsKeys() throws {
        let event = DaemonEvent(type: "alert", session: nil, sequence: 7, at: Self.at.unixMilliseconds, data: Data())
        #expect(
            try event.json
                == #"{"at":"\#(Self.atText)","data":null,"seq":7,"sequence":7,"session":null,"type":"alert"}"#)
        let handshake = try EventStreamRoutes.subscribedMessage(lastSequence: 6, session: "A/1", at: Self.at)
        #expect(handshake == #"{"at":"\#(Self.atText)","data":{"lastSeq":6},"session":"A/1","type":"subscribed"}"#)
    }

    @Test func aPayloadThatIsNotJSONIsRefusedNotSentBroken() {
        let event = DaemonEvent(type: "basket", session: nil, sequence: 1, at: 0, data: Data("{not json".utf8))
        #expect(throws: (any Error).self) { try event.json }
    }

    /// Clients written before `seq` read `sequence`; either key alone decodes.
    @Test func eitherSequenceKeyDecodes() throws {
        let decoder = ProtocolJSON.decoder()
        let old = #"{"at":"\#(Self.atText)","data":{},"sequence":9,"session":null,"type":"sync"}"#
        #expect(try decoder.decode(EventEnvelope.self, from: Data(old.utf8)).sequence == 9)
    }
}
