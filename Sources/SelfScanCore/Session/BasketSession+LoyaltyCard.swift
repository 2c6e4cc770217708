extension BasketSession {
    /// The loyalty card that identified the shopper: the one scanned during the trip, else the one the session
    /// was opened with; nil for an anonymous session (or a log written before opening cards were recorded).
    public var loyaltyCard: String? {
        var card: String?
        for event in events {
            switch event.payload {
            case .sessionOpened(let opening): card = opening.cardCode
            case .customerIdentified(_, let cardCode): card = cardCode
            default: continue
            }
        }
        return card
    }
}
