/// Hex text ↔ bytes, for profiles, fixtures and JSON output.
enum HexBytes {
    /// Parses hex digits, ignoring spaces; `nil` on an odd count or a non-hex character.
    static func parse(_ text: String) -> [UInt8]? {
        let digits = text.filter { !$0.isWhitespace }
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            guard let byte = UInt8(digits[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }

    /// Lower-case hex, no separators.
    static func format(_ bytes: some Sequence<UInt8>) -> String {
        let table = Array("0123456789abcdef")
        var text = ""
        for byte in bytes {
            text.append(table[Int(byte >> 4)])
            text.append(table[Int(byte & 0x0F)])
        }
        return text
    }
}
