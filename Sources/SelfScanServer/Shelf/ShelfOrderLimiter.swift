extension ClientWindowLimiter {
    /// `POST /v1/shelf/{gtin}/orders`: anyone on the store network can reach it without a token, so one phone
    /// (or script) may place at most 5 orders in any 10 minutes → `429 tooManyShelfOrders`; a refused one never
    /// reaches the referential.
    static func shelfOrders(limit: Int = 5, windowSeconds: Int64 = 600) -> ClientWindowLimiter {
        ClientWindowLimiter(limit: limit, windowSeconds: windowSeconds, code: "tooManyShelfOrders") { limit, window, retry in
            "at most \(limit) orders for pick-up per \(window / 60) min from one device: try again in \(retry) s"
        }
    }

    /// `POST /v1/sessions` from the store network: at most `limit` sessions opened in any 10 minutes per client
    /// address → `429 tooManySessionsOpened` (each open session is kept until it ends or goes idle).
    static func sessionOpens(limit: Int) -> ClientWindowLimiter {
        ClientWindowLimiter(limit: limit, windowSeconds: 600, code: "tooManySessionsOpened") { limit, window, retry in
            "at most \(limit) sessions opened per \(window / 60) min from one device: try again in \(retry) s"
        }
    }
}
