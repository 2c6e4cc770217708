import SelfScanCore

/// Short, fixed-width renderings for table cells.
enum ConsoleFormat {
    /// `42s`, `3m05`, `2h14`, `3d04`.
    static func duration(_ seconds: Int64?) -> String {
        guard let seconds else { return "—" }
        let s = max(0, seconds)
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(twoDigits(s % 60))" }
        if s < 86_400 { return "\(s / 3600)h\(twoDigits(s % 3600 / 60))" }
        return "\(s / 86_400)d\(twoDigits(s % 86_400 / 3600))"
    }

    static func money(_ money: Money?) -> String { money.map(\.description) ?? "—" }

    static func number<T: BinaryInteger>(_ value: T?) -> String { value.map { "\($0)" } ?? "—" }

    /// Basis points as a percentage with one decimal: `1234` → `12.3%`.
    static func percent(basisPoints: Int?) -> String {
        guard let basisPoints else { return "—" }
        return "\(basisPoints / 100).\(basisPoints % 100 / 10)%"
    }

    /// `text` cut (with `…`) or padded on the right to `width`.
    static func cell(_ text: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        if text.count > width { return String(text.prefix(width - 1)) + "…" }
        return text + String(repeating: " ", count: width - text.count)
    }

    /// `text` padded on the left to `width` (numbers), cut when longer.
    static func rightCell(_ text: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        if text.count > width { return String(text.prefix(width - 1)) + "…" }
        return String(repeating: " ", count: width - text.count) + text
    }

    /// A session id short enough for a narrow table (its first 8 characters).
    static func shortID(_ id: String, full: Bool) -> String { full ? id : String(id.prefix(8)) }

    private static func twoDigits(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
