/// What of a scanned code or a request path may reach a log (docs/privacy.md): never a whole unknown
/// payload (it may be a loyalty card, a pass or a hand-off code) and never a card in a path.
public enum LogRedaction {
    /// `"13 chars …2345"`: the length and the last four characters.
    public static func code(_ text: String) -> String {
        "\(text.count) chars …\(text.suffix(4))"
    }

    /// The path with the card of `/v1/customers/{card}` masked.
    public static func path(_ path: String) -> String {
        let prefix = "/v1/customers/"
        guard path.hasPrefix(prefix) else { return path }
        return prefix + "…" + String(path.dropFirst(prefix.count).suffix(4))
    }
}
