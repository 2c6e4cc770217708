import SelfScanAPI
import Testing

@testable import SelfScanConsole

@Suite("Live events: what to re-read")
struct EventSequenceTrackerTests {
    func event(_ type: String, _ sequence: Int, key: String = "sequence") -> String {
        #"{"at":"2026-12-04T12:00:00Z","data":{},"\#(key)":\#(sequence),"session":"s1","type":"\#(type)"}"#
    }

    static let expected: [String: SnapshotParts] = [
        "basket": [.sessions, .alerts], "alert": [.alerts], "device": [.devices, .alerts], "sync": [.status, .alerts],
        "scanRefused": [], "resync": .all, "somethingNew": .all,
    ]

    @Test("each event type re-reads only what it changes", arguments: expected.keys.sorted())
    func parts(type: String) throws {
        let expected = try #require(Self.expected[type])
        var tracker = EventSequenceTracker()
        _ = tracker.refresh(for: event("alert", 6))
        #expect(tracker.refresh(for: event(type, 7)) == expected)
        #expect(tracker.last == 7)
    }

    @Test("a gap, a restarted numbering or an unreadable message re-reads everything; `seq` is read too")
    func gaps() {
        var tracker = EventSequenceTracker()
        #expect(tracker.refresh(for: event("alert", 1)) == [.alerts])
        #expect(tracker.refresh(for: event("alert", 2, key: "seq")) == [.alerts])
        #expect(tracker.refresh(for: event("alert", 5)) == .all)
        #expect(tracker.refresh(for: event("alert", 6)) == [.alerts])
        #expect(tracker.refresh(for: event("alert", 1)) == .all)
        #expect(tracker.refresh(for: "not json") == .all)
        #expect(tracker.last == 1)
    }
}
