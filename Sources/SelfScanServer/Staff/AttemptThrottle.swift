/// Failed-attempt lockout as a pure state machine over an injected clock (Unix seconds): after `threshold`
/// failures in a row for one key, the key is locked for `baseLockSeconds`, doubling with every further failure
/// (each failure while unlocked after a lockout locks again, twice as long), up to `maxLockSeconds`. A success
/// forgets the key; failures older than `forgetAfterSeconds` (with no lock running) are forgotten too.
/// Used for staff logins (per badge and per client device) — see `StaffAuthenticator`.
public struct AttemptThrottle: Sendable {
    public struct Policy: Sendable, Hashable {
        public var threshold: Int
        public var baseLockSeconds: Int64
        public var maxLockSeconds: Int64
        public var forgetAfterSeconds: Int64

        public init(threshold: Int, baseLockSeconds: Int64 = 30, maxLockSeconds: Int64 = 3600, forgetAfterSeconds: Int64 = 3600) {
            self.threshold = threshold
            self.baseLockSeconds = baseLockSeconds
            self.maxLockSeconds = maxLockSeconds
            self.forgetAfterSeconds = forgetAfterSeconds
        }
    }

    /// What `recordFailure` decided.
    public enum Verdict: Sendable, Hashable {
        /// Still under the threshold: `remaining` failures before a lockout.
        case allowed(remaining: Int)
        /// This failure started a lockout until `until` (Unix seconds).
        case lockedOut(until: Int64)
    }

    struct Entry: Sendable {
        var failures: Int
        var lastFailure: Int64
        var lockedUntil: Int64?
    }

    public let policy: Policy
    private var entries: [String: Entry] = [:]

    public init(policy: Policy) { self.policy = policy }

    /// Seconds until `key` may try again; `nil` when it may try now.
    public mutating func lockRemaining(_ key: String, now: Int64) -> Int64? {
        forgetStale(key, now: now)
        guard let until = entries[key]?.lockedUntil, until > now else { return nil }
        return until - now
    }

    /// Counts a failure; returns whether it started a lockout.
    @discardableResult
    public mutating func recordFailure(_ key: String, now: Int64) -> Verdict {
        forgetStale(key, now: now)
        var entry = entries[key] ?? Entry(failures: 0, lastFailure: now, lockedUntil: nil)
        entry.failures += 1
        entry.lastFailure = now
        defer { entries[key] = entry }
        guard entry.failures >= policy.threshold else { return .allowed(remaining: policy.threshold - entry.failures) }
        let doublings = min(entry.failures - policy.threshold, 20)
        let seconds = min(policy.baseLockSeconds << Int64(doublings), policy.maxLockSeconds)
        entry.lockedUntil = now + seconds
        return .lockedOut(until: now + seconds)
    }

    /// A success: the key starts afresh.
    public mutating func recordSuccess(_ key: String) { entries[key] = nil }

    private mutating func forgetStale(_ key: String, now: Int64) {
        guard let entry = entries[key] else { return }
        let lockOver = entry.lockedUntil.map { $0 <= now } ?? true
        if lockOver, now - entry.lastFailure >= policy.forgetAfterSeconds { entries[key] = nil }
        // Keep at most a bounded number of keys (an attacker inventing badges must not grow memory forever).
        if entries.count > 10_000 {
            entries = entries.filter { ($0.value.lockedUntil ?? 0) > now || now - $0.value.lastFailure < policy.forgetAfterSeconds }
        }
    }
}
