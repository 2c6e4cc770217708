import Synchronization

/// This node's memory of recently authenticated device tokens (by hash), so a request does not cost a database
/// round trip before its work. An entry lives `ttl` at most; a missing or expired entry is looked up again.
/// Unknown tokens are never cached (a token issued a moment ago works at once).
///
/// Revocation (docs/scaling.md): only the ingest uses the cache, and it re-checks the token inside its own
/// transaction (in the statement that finds the stored ids), so a token revoked on any node is refused by the
/// next push; every other route looks the token up afresh. `ttl` bounds how long an entry is kept, not how long
/// a revoked token works.
final class DeviceTokenCache: Sendable {
    struct Entry {
        let identity: DeviceIdentity
        let expires: ContinuousClock.Instant
    }

    let ttl: Duration
    /// Beyond this many entries the cache is emptied (a bound on memory, not an LRU: refills cost one lookup each).
    let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    init(ttl: Duration = .seconds(60), capacity: Int = 100_000) {
        self.ttl = ttl
        self.capacity = capacity
    }

    /// The identity cached for `hash`, if still fresh at `now`.
    func identity(forHash hash: String, now: ContinuousClock.Instant = .now) -> DeviceIdentity? {
        entries.withLock { entries in
            guard let entry = entries[hash] else { return nil }
            guard entry.expires > now else {
                entries[hash] = nil
                return nil
            }
            return entry.identity
        }
    }

    func remember(_ identity: DeviceIdentity, forHash hash: String, now: ContinuousClock.Instant = .now) {
        let expires = now + ttl
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[hash] = Entry(identity: identity, expires: expires)
        }
    }

    func forget(hash: String) {
        _ = entries.withLock { $0.removeValue(forKey: hash) }
    }
}
