/// Limits `POST /v1/shelf/{gtin}/orders` per client address: anyone on the store network can reach it without
/// a token, so one phone (or script) may place at most `limit` orders in any `windowSeconds`; the next is refused
/// `429 tooManyShelfOrders` with `Retry-After` (seconds until the oldest order of the window leaves it).
/// Every admitted attempt counts, whatever its outcome (a failed order too); a refused one does not (a client
/// that keeps trying is not locked out for longer), and it never reaches the referential.
/// The window is a pure function of an injected clock (Unix seconds): tests drive it without waiting.
public actor ShelfOrderLimiter {
    public let limit: Int
    public let windowSeconds: Int64
    /// Most client addresses remembered (the oldest are forgotten first beyond it).
    static let maxClients = 10_000
    private var attempts: [String: [Int64]] = [:]

    public init(limit: Int = 5, windowSeconds: Int64 = 600) {
        self.limit = limit
        self.windowSeconds = windowSeconds
    }

    /// Records one attempt of `client` at `now`, or throws `429 tooManyShelfOrders` when its window is full.
    public func admit(client: String, now: Int64) throws(APIError) {
        var recent = (attempts[client] ?? []).filter { $0 > now - windowSeconds }
        if recent.count >= limit {
            attempts[client] = recent
            let retry = (recent.first ?? now) + windowSeconds - now
            throw APIError(
                .tooManyRequests, code: "tooManyShelfOrders",
                "at most \(limit) orders for pick-up per \(windowSeconds / 60) min from one device: try again in \(max(1, retry)) s",
                retryAfterSeconds: retry)
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
