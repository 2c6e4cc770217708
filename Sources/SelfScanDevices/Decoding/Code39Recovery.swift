public import SelfScanCore

/// Recovers what zbar leaves as plain Code 39 text: Full ASCII (ISO/IEC 16388 Annex: `$`, `%`, `/`, `+`
/// shifts), Italian Code 32 (6 base-32 characters → `A` + 9 digits) and German PZN (`-` + digits with a
/// mod-11 check digit). Each recovery applies only when its own rules validate, else the text stays as read.
public enum Code39Recovery {
    /// The symbology, payload and AIM identifier for Code 39 text `data`.
    public static func recover(_ data: [UInt8]) -> (symbology: Symbology, payload: [UInt8], aim: AIMIdentifier) {
        if isPZN(data) { return (.pzn, data, .code39) }
        if let code32 = code32(data) { return (.code32, code32, .code39) }
        let checked = hasValidCheckCharacter(data)
        let body = checked ? Array(data.dropLast()) : data
        if let full = fullASCII(body) {
            return (.code39, full + (checked ? [data[data.count - 1]] : []), Symbology.aim(checked ? "]A5" : "]A4"))
        }
        return (.code39, data, Symbology.aim(checked ? "]A1" : "]A0"))
    }

    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%".utf8)

    /// Whether the last character is the mod-43 check character of the others.
    static func hasValidCheckCharacter(_ data: [UInt8]) -> Bool {
        guard data.count >= 2 else { return false }
        var sum = 0
        for byte in data.dropLast() {
            guard let index = alphabet.firstIndex(of: byte) else { return false }
            sum += index
        }
        return alphabet[sum % 43] == data[data.count - 1]
    }

    /// Full ASCII decoding, or `nil` when the text has no shift character or an invalid shift pair.
    static func fullASCII(_ data: [UInt8]) -> [UInt8]? {
        let shifts = Array("$%/+".utf8)
        guard data.contains(where: shifts.contains) else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < data.count {
            let byte = data[index]
            guard shifts.contains(byte) else {
                out.append(byte)
                index += 1
                continue
            }
            guard index + 1 < data.count else { return nil }
            let next = data[index + 1]
            guard next >= UInt8(ascii: "A"), next <= UInt8(ascii: "Z") else { return nil }
            let letter = Int(next - UInt8(ascii: "A"))
            switch byte {
            case UInt8(ascii: "$"): out.append(UInt8(letter + 1))  // $A…$Z → 0x01…0x1A
            case UInt8(ascii: "/"):
                // /A…/O → ! … ,  and /Z → :
                if letter <= 14 { out.append(UInt8(0x21 + letter)) } else if letter == 25 { out.append(0x3A) } else { return nil }
            case UInt8(ascii: "+"): out.append(UInt8(0x61 + letter))  // +A…+Z → a…z
            default: out.append(percentTable[letter])
            }
            index += 2
        }
        return out
    }

    /// %A…%Z: ESC FS GS RS US ; < = > ? [ \ ] ^ _ { | } ~ DEL NUL @ ` DEL DEL DEL.
    private static let percentTable: [UInt8] = [
        0x1B, 0x1C, 0x1D, 0x1E, 0x1F, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F,
        0x7B, 0x7C, 0x7D, 0x7E, 0x7F, 0x00, 0x40, 0x60, 0x7F, 0x7F, 0x7F,
    ]

    /// Code 32: 6 characters of the base-32 alphabet (no vowels) holding 9 digits whose last is the check.
    static func code32(_ data: [UInt8]) -> [UInt8]? {
        let base32 = Array("0123456789BCDFGHJKLMNPQRSTUVWXYZ".utf8)
        guard data.count == 6 else { return nil }
        var value = 0
        for byte in data {
            guard let digit = base32.firstIndex(of: byte) else { return nil }
            value = value * 32 + digit
        }
        guard value < 1_000_000_000 else { return nil }
        var digits = Array(String(value).utf8).map { Int($0 - 0x30) }
        digits = Array(repeating: 0, count: 9 - digits.count) + digits
        var sum = 0
        for (index, digit) in digits.prefix(8).enumerated() {
            let weighted = index % 2 == 1 ? digit * 2 : digit
            sum += weighted / 10 + weighted % 10
        }
        guard sum % 10 == digits[8] else { return nil }
        return [UInt8(ascii: "A")] + digits.map { UInt8(0x30 + $0) }
    }

    /// PZN: `-` then 7 (PZN7) or 8 (PZN8) digits, the last a mod-11 check digit.
    static func isPZN(_ data: [UInt8]) -> Bool {
        guard data.first == UInt8(ascii: "-"), data.count == 8 || data.count == 9 else { return false }
        let digits = data.dropFirst()
        guard digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        let values = digits.map { Int($0 - 0x30) }
        let firstWeight = values.count == 8 ? 1 : 2
        var sum = 0
        for (index, value) in values.dropLast().enumerated() { sum += value * (index + firstWeight) }
        let check = sum % 11
        return check != 10 && check == values[values.count - 1]
    }
}
