import SelfScanCore
/// Decides what to do as scanners come, go and fail: open matched devices, close departed ones, retry
/// failures with exponential backoff. Pure (STYLE.md 6): the service feeds events with a monotonic time
/// in nanoseconds and performs the returned actions. Keys are stable locations (USB port path or device
/// node), so an unplug + replug on the same port resumes the same scanner.
public struct ScannerAttachmentStateMachine: Sendable {
    public enum Phase: Sendable, Hashable {
        /// No profile: listed, never claimed.
        case unknown
        /// Profile says `claim: never`.
        case notClaimed
        /// Open requested, waiting for the result.
        case opening
        /// Claimed and being read.
        case claimed
        /// Failed `attempts` times; next open at `retryAt`.
        case backingOff(retryAt: UInt64, attempts: Int)
    }

    public enum Action: Sendable, Hashable {
        /// Open, claim and start reading the device at this location with this profile.
        case open(location: String, profileID: String)
        /// Stop reading, release and close.
        case close(location: String)
        /// Tell the consumer.
        case emit(ScannerEvent)
    }

    public struct Entry: Sendable, Hashable {
        public var description: ScannerDescription
        public var phase: Phase
        var attempts: Int
    }

    public private(set) var entries: [String: Entry] = [:]
    public let initialBackoffNanos: UInt64
    public let maximumBackoffNanos: UInt64

    public init(initialBackoffMillis: Int = 500, maximumBackoffMillis: Int = 30_000) {
        initialBackoffNanos = UInt64(initialBackoffMillis) * 1_000_000
        maximumBackoffNanos = UInt64(maximumBackoffMillis) * 1_000_000
    }

    /// A device appeared (or was found at start). `profile` is the catalog's match, `nil` when unknown.
    public mutating func arrived(location: String, description: ScannerDescription, profile: ScannerProfile?) -> [Action] {
        if let existing = entries[location], existing.phase != .unknown, existing.phase != .notClaimed {
            return []  // duplicate arrival (enumeration + hotplug): already handled
        }
        var description = description
        description.profileID = profile?.id
        description.protocolName = profile?.protocol.rawValue
        guard let profile else {
            description.claim = .unknown
            entries[location] = Entry(description: description, phase: .unknown, attempts: 0)
            return []
        }
        guard profile.claim == .exclusive else {
            description.claim = .notClaimed
            entries[location] = Entry(description: description, phase: .notClaimed, attempts: 0)
            return []
        }
        description.claim = .failed
        entries[location] = Entry(description: description, phase: .opening, attempts: 0)
        return [.open(location: location, profileID: profile.id)]
    }

    /// The open succeeded: the scanner is claimed.
    public mutating func opened(location: String) -> [Action] {
        guard var entry = entries[location], entry.phase == .opening else { return [.close(location: location)] }
        entry.phase = .claimed
        entry.attempts = 0
        entry.description.claim = .claimed
        entries[location] = entry
        return [.emit(.attached(entry.description))]
    }

    /// Opening failed, or a claimed device failed while reading: report, close, retry later.
    public mutating func failed(location: String, error: ScannerError, at now: UInt64) -> [Action] {
        guard var entry = entries[location] else { return [] }
        let wasClaimed = entry.phase == .claimed
        entry.attempts += 1
        let retryAt = now + backoff(attempts: entry.attempts)
        entry.phase = .backingOff(retryAt: retryAt, attempts: entry.attempts)
        entry.description.claim = .failed
        entries[location] = entry
        var actions: [Action] = [.close(location: location), .emit(.error(entry.description.deviceID, error))]
        if wasClaimed { actions.append(.emit(.detached(entry.description.deviceID))) }
        return actions
    }

    /// The device left: close it if we had it.
    public mutating func left(location: String) -> [Action] {
        guard let entry = entries.removeValue(forKey: location) else { return [] }
        switch entry.phase {
        case .claimed: return [.close(location: location), .emit(.detached(entry.description.deviceID))]
        case .opening, .backingOff: return [.close(location: location)]
        case .unknown, .notClaimed: return []
        }
    }

    /// Retries whose time has come.
    public mutating func tick(at now: UInt64) -> [Action] {
        var actions: [Action] = []
        for (location, entry) in entries.sorted(by: { $0.key < $1.key }) {
            guard case .backingOff(let retryAt, _) = entry.phase, retryAt <= now,
                  let profileID = entry.description.profileID else { continue }
            var updated = entry
            updated.phase = .opening
            entries[location] = updated
            actions.append(.open(location: location, profileID: profileID))
        }
        return actions
    }

    /// The earliest retry, for the service's timer.
    public var nextRetry: UInt64? {
        entries.values.compactMap { entry -> UInt64? in
            if case .backingOff(let retryAt, _) = entry.phase { return retryAt }
            return nil
        }.min()
    }

    /// Every location we currently hold open (to close at shutdown).
    public var openLocations: [String] {
        entries.filter { $0.value.phase == .claimed || $0.value.phase == .opening }.map(\.key).sorted()
    }

    /// 0.5 s, 1 s, 2 s, … capped (the shared `BackoffPolicy`, without jitter: retries are per device).
    func backoff(attempts: Int) -> UInt64 {
        let policy = BackoffPolicy(
            base: .nanoseconds(Int64(initialBackoffNanos)), maximum: .nanoseconds(Int64(maximumBackoffNanos)))
        return UInt64(policy.ceiling(attempt: attempts - 1).wholeMilliseconds) * 1_000_000
    }
}
