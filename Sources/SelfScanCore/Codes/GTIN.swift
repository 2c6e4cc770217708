/// A Global Trade Item Number with a valid check digit, kept in its 14-digit normal form.
public struct GTIN: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The 14-digit form (left-padded with zeros): the key the catalog uses.
    public let digits14: String

    /// Accepts GTIN-8, -12, -13 or -14 digits (no UPC-E: expand it first) and checks the check digit.
    /// One pass over the UTF-8 bytes, no array (the catalog decoder and every lookup build GTINs).
    public init(_ text: String) throws(CodeError) {
        let utf8 = text.utf8
        let count = utf8.count
        guard count > 0 else { throw .empty }
        guard utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { throw .notDigits(text) }
        guard count == 8 || count == 12 || count == 13 || count == 14 else { throw .badLength(text, count) }
        // Weights 3, 1, 3, … from the digit just before the check digit, leftwards.
        var sum = 0
        var last = 0
        for (index, byte) in utf8.enumerated() {
            let digit = Int(byte &- 0x30)
            if index == count - 1 {
                last = digit
            } else {
                sum += digit * ((count - 2 - index) % 2 == 0 ? 3 : 1)
            }
        }
        let expected = (10 - sum % 10) % 10
        guard expected == last else { throw .badCheckDigit(text, expected: expected) }
        digits14 = count == 14 ? text : String(repeating: "0", count: 14 - count) + text
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
