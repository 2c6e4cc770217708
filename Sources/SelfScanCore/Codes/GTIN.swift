/// A Global Trade Item Number with a valid check digit, kept in its 14-digit normal form.
public struct GTIN: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The 14-digit form (left-padded with zeros): the key the catalog uses.
    public let digits14: String

    /// Accepts GTIN-8, -12, -13 or -14 digits (no UPC-E: expand it first) and checks the check digit.
    public init(_ text: String) throws(CodeError) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { throw .notDigits(text) }
        guard [8, 12, 13, 14].contains(bytes.count) else { throw .badLength(text, bytes.count) }
        let digits = bytes.map { Int($0 - 0x30) }
        let expected = GTIN.checkDigit(of: digits.dropLast())
        guard expected == digits[digits.count - 1] else {
            throw .badCheckDigit(text, expected: expected)
        }
        digits14 = String(repeating: "0", count: 14 - bytes.count) + text
    }

    /// The GS1 mod-10 check digit of the digits before it (weights 3,1,3,… from the right).
    public static func checkDigit(of body: some Collection<Int>) -> Int {
        var sum = 0
        for (index, digit) in body.reversed().enumerated() { sum += digit * (index % 2 == 0 ? 3 : 1) }
        return (10 - sum % 10) % 10
    }

    /// The 13-digit form when the first digit is 0 (EAN-13 / UPC-A as EAN-13), else `nil`.
    public var gtin13: String? { digits14.first == "0" ? String(digits14.dropFirst()) : nil }

    public var description: String { digits14 }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = try GTIN(text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(digits14)
    }
}
