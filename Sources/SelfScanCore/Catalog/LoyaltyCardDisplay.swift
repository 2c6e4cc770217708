/// How a loyalty card number may be shown or kept outside the hashed catalog: its last four characters
/// ("…2345"), so staff can match a click & collect order to the shopper's card without the number being
/// stored or logged (docs/privacy.md).
public enum LoyaltyCardDisplay {
    /// `"…"` + the last four characters; idempotent (a masked value stays the same).
    public static func masked(_ card: String) -> String {
        let tail = card.hasPrefix("…") ? String(card.dropFirst()) : card
        return "…" + String(tail.suffix(4))
    }
}
