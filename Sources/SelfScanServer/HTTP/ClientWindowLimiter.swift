
/// At most `limit` admitted attempts per client address in any `windowSeconds`; the next is refused `429 <code>`
/// with `Retry-After` (seconds until the oldest attempt of the window leaves it). Every admitted attempt counts,
/// whatever its outcome; a refused one does not (a client that keeps trying is not locked out for longer).
/// The window is a pure function of an injected clock (Unix seconds): tests drive it without waiting.
/// Used where anyone on the store network can call without a credential: shelf orders, session opens.
public actor ClientWindowLimiter {
    public let limit: Int
    public let windowSeconds: Int64
    let code: String
    /// The refusal's message, given the seconds to wait.
    let refusal: @Sendable (_ limit: Int, _ windowSeconds: Int64, _ retrySeconds: Int64) -> String
    /// Most client addresses remembered (the oldest are forgotten first beyond it).
    static let maxClients = 10_000
    private var attempts: [String: [Int64]] = [:]

    public init(
        limit: Int, windowSeconds: Int64, code: String,
        refusal: @escaping @Sendable (_ limit: Int, _ windowSeconds: Int64, _ retrySeconds: Int64) -> String
    ) {
        self.limit = limit
        self.windowSeconds = windowSeconds
        self.code = code
        self.refusal = refusal
    }

    /// Records one attempt of `client` at `now`, or throws `429 <code>` when its window is full.
    public func admit(client: String, now: Int64) throws(APIError) {
        var recent = (attempts[client] ?? []).filter { $0 > now - windowSeconds }
        if recent.count >= limit {
            attempts[client] = recent
            let retry = max(1, (recent.first ?? now) + windowSeconds - now)
            throw APIError(
                .tooManyRequests, code: code, refusal(limit, windowSeconds, retry), retryAfterSeconds: retry)
        }
        recent.append(now)
        attempts[client] = recent
        if attempts.count > Self.maxClients {
            // Forget the clients whose last attempt is oldest (their windows have mostly passed).
            let stale = attempts.sorted { ($0.value.last ?? 0) < ($1.value.last ?? 0) }.prefix(attempts.count - Self.maxClients)
            for (key, _) in stale { attempts[key] = nil }
        }
    }
}
