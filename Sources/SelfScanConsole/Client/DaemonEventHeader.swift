import Foundation

/// The part of a live event (`GET /v1/events` WebSocket message) the console needs: what changed, for which
/// session, and its sequence number (`sequence`, or `seq`) to notice missed messages.
struct DaemonEventHeader: Decodable, Sendable, Hashable {
    let type: String
    let session: String?
    let sequence: Int?

    enum CodingKeys: String, CodingKey {
        case type, session, sequence, seq
    }

    init(type: String, session: String?, sequence: Int?) {
        self.type = type
        self.session = session
        self.sequence = sequence
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        session = try container.decodeIfPresent(String.self, forKey: .session)
        sequence = try container.decodeIfPresent(Int.self, forKey: .sequence)
            ?? container.decodeIfPresent(Int.self, forKey: .seq)
    }

    /// `nil` for a message that is not an event (the console then re-reads everything).
    static func parse(_ text: String) -> DaemonEventHeader? {
        try? JSONDecoder().decode(DaemonEventHeader.self, from: Data(text.utf8))
    }
}

/// Follows the sequence numbers of one event stream connection and decides what to re-read.
struct EventSequenceTracker: Sendable, Hashable {
    /// The last sequence number seen (kept across reconnections, for `?since=`).
    private(set) var last: Int?

    /// What to refresh for this message: its parts, or everything after a gap, a `resync`, or an unreadable one.
    mutating func refresh(for text: String) -> SnapshotParts {
        guard let event = DaemonEventHeader.parse(text) else { return .all }
        defer { if let sequence = event.sequence { last = sequence } }
        if let sequence = event.sequence, let last, sequence != last + 1 { return .all }
        return SnapshotParts(eventType: event.type)
    }

    /// A new daemon run restarts its numbering: forget the old one.
    mutating func reset() { last = nil }
}
