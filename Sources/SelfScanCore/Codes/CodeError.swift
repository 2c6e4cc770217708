/// Why a scanned payload could not be interpreted. Each case has a stable `code` and a clear message.
public enum CodeError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case notDigits(String)
    case badLength(String, Int)
    case badCheckDigit(String, expected: Int)
    /// A restricted-circulation code that matches no nomenclature rule: never a 0 € item.
    case unknownRestrictedCode(String)

    /// Stable machine-readable code (JSON `error.code`).
    public var code: String {
        switch self {
        case .empty: "empty"
        case .notDigits: "notDigits"
        case .badLength: "badLength"
        case .badCheckDigit: "badCheckDigit"
        case .unknownRestrictedCode: "unknownRestrictedCode"
        }
    }

    public var description: String {
        switch self {
        case .empty: "the payload is empty"
        case .notDigits(let text): "'\(text)' contains characters other than digits"
        case .badLength(let text, let count): "'\(text)' has \(count) digits; a GTIN has 8, 12, 13 or 14"
        case .badCheckDigit(let text, let expected): "'\(text)' has a wrong check digit (expected \(expected))"
        case .unknownRestrictedCode(let text): "'\(text)' is a restricted-circulation code that matches no nomenclature rule"
        }
    }
}
