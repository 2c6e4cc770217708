/// Slows down loyalty card enumeration through `POST /v1/sessions {"loyaltyCard": …}`: unknown cards are
/// counted per client device (its address); 10 in a row lock that client's card lookups for 30 s, doubling
/// with each further unknown card up to an hour → `429 tooManyCardLookups` with `Retry-After`. A known card
/// resets the count. Opening an anonymous session is never limited.
public actor LoyaltyLookupLimiter {
    public static let policy = AttemptThrottle.Policy(threshold: 10)
    private var throttle: AttemptThrottle

    public init(policy: AttemptThrottle.Policy = LoyaltyLookupLimiter.policy) {
        throttle = AttemptThrottle(policy: policy)
    }

    /// Throws `429 tooManyCardLookups` while `client` is locked.
    public func checkAllowed(client: String, now: Int64) throws(APIError) {
        if let wait = throttle.lockRemaining(client, now: now) { throw Self.locked(wait) }
    }

    /// Records the outcome of one lookup; throws `429` when this unknown card started a lockout.
    public func record(known: Bool, client: String, now: Int64) throws(APIError) {
        guard !known else {
            throttle.recordSuccess(client)
            return
        }
        if case .lockedOut(let until) = throttle.recordFailure(client, now: now) { throw Self.locked(until - now) }
    }

    private static func locked(_ seconds: Int64) -> APIError {
        APIError(
            .tooManyRequests, code: "tooManyCardLookups",
            "too many unknown loyalty cards from this device: try again in \(max(1, seconds)) s", retryAfterSeconds: seconds)
    }
}
