/// A keyboard layout a wedge scanner can *emulate*: which HID usage (+ Shift/AltGr) it presses for each
/// character. Decoding must use the scanner's layout, never the host's: an AZERTY scanner presses
/// Shift+usage 0x27 for "0", and a US scanner's "0013748911" read as AZERTY is `àà&"è'_ç&&` (FR) or
/// `àà&"è'!ç&&` (BE).
public enum KeyboardLayout: String, Sendable, Hashable, Codable, CaseIterable {
    case us
    case frAZERTY = "fr-azerty"
    case beAZERTY = "be-azerty"
    case deQWERTZ = "de-qwertz"
    case uk

    /// Whether Right Alt is AltGr (third level) rather than a plain Alt.
    var hasAltGr: Bool { self != .us }

    /// The levels of a Keyboard-page usage, or `nil` when the key types nothing in this layout.
    func levels(usage: UInt8) -> KeyLevels? {
        if let common = Self.commonKeys[usage] { return common }
        return table[usage]
    }

    private var table: [UInt8: KeyLevels] {
        switch self {
        case .us: Self.usTable
        case .uk: Self.ukTable
        case .deQWERTZ: Self.deTable
        case .frAZERTY: Self.frTable
        case .beAZERTY: Self.beTable
        }
    }

    /// Letters a…z at usages 0x04…0x1D (Shift gives the upper case), in each layout's key order.
    private static func letters(_ order: String, altGr: [Character: Character] = [:]) -> [UInt8: KeyLevels] {
        var table: [UInt8: KeyLevels] = [:]
        for (offset, letter) in order.enumerated() {
            let upper = Character(letter.uppercased())
            table[0x04 + UInt8(offset)] = KeyLevels(.char(letter), .char(upper), altGr[letter].map(KeySymbol.char))
        }
        return table
    }

    /// Digit row 0x1E…0x27 (keys "1"…"0" of a US board).
    private static func digitRow(_ base: String, _ shift: String, altGr: [Int: KeySymbol] = [:]) -> [UInt8: KeyLevels] {
        var table: [UInt8: KeyLevels] = [:]
        let bases = Array(base), shifts = Array(shift)
        for index in 0..<10 {
            table[0x1E + UInt8(index)] = KeyLevels(.char(bases[index]), .char(shifts[index]), altGr[index])
        }
        return table
    }

    /// Keys that type the same in every supported layout (space, keypad with NumLock on).
    private static let commonKeys: [UInt8: KeyLevels] = [
        0x2C: KeyLevels(" ", " "),
        0x54: KeyLevels("/"), 0x55: KeyLevels("*"), 0x56: KeyLevels("-"), 0x57: KeyLevels("+"),
        0x59: KeyLevels("1"), 0x5A: KeyLevels("2"), 0x5B: KeyLevels("3"), 0x5C: KeyLevels("4"),
        0x5D: KeyLevels("5"), 0x5E: KeyLevels("6"), 0x5F: KeyLevels("7"), 0x60: KeyLevels("8"),
        0x61: KeyLevels("9"), 0x62: KeyLevels("0"), 0x63: KeyLevels("."),
    ]

    private static let usTable: [UInt8: KeyLevels] = letters("abcdefghijklmnopqrstuvwxyz")
        .merging(digitRow("1234567890", "!@#$%^&*()")) { $1 }
        .merging([
            0x2D: KeyLevels("-", "_"), 0x2E: KeyLevels("=", "+"), 0x2F: KeyLevels("[", "{"),
            0x30: KeyLevels("]", "}"), 0x31: KeyLevels("\\", "|"), 0x32: KeyLevels("\\", "|"),
            0x33: KeyLevels(";", ":"), 0x34: KeyLevels("'", "\""), 0x35: KeyLevels("`", "~"),
            0x36: KeyLevels(",", "<"), 0x37: KeyLevels(".", ">"), 0x38: KeyLevels("/", "?"),
            0x64: KeyLevels("\\", "|"),
        ]) { $1 }

    private static let ukTable: [UInt8: KeyLevels] = letters("abcdefghijklmnopqrstuvwxyz")
        .merging(digitRow("1234567890", "!\"£$%^&*()", altGr: [3: .char("€")])) { $1 }
        .merging([
            0x2D: KeyLevels("-", "_"), 0x2E: KeyLevels("=", "+"), 0x2F: KeyLevels("[", "{"),
            0x30: KeyLevels("]", "}"), 0x31: KeyLevels("#", "~"), 0x32: KeyLevels("#", "~"),
            0x33: KeyLevels(";", ":"), 0x34: KeyLevels("'", "@"), 0x35: KeyLevels("`", "¬", "¦"),
            0x36: KeyLevels(",", "<"), 0x37: KeyLevels(".", ">"), 0x38: KeyLevels("/", "?"),
            0x64: KeyLevels("\\", "|"),
        ]) { $1 }

    private static let deTable: [UInt8: KeyLevels] = letters(
        "abcdefghijklmnopqrstuvwxzy", altGr: ["q": "@", "e": "€", "m": "µ"]
    )
    .merging(digitRow(
        "1234567890", "!\"§$%&/()=",
        altGr: [1: .char("²"), 2: .char("³"), 6: .char("{"), 7: .char("["), 8: .char("]"), 9: .char("}")])) { $1 }
    .merging([
        0x2D: KeyLevels("ß", "?", "\\"), 0x2E: KeyLevels(.dead("´"), .dead("`")), 0x2F: KeyLevels("ü", "Ü"),
        0x30: KeyLevels("+", "*", "~"), 0x31: KeyLevels("#", "'"), 0x32: KeyLevels("#", "'"),
        0x33: KeyLevels("ö", "Ö"), 0x34: KeyLevels("ä", "Ä"), 0x35: KeyLevels(.dead("^"), .char("°")),
        0x36: KeyLevels(",", ";"), 0x37: KeyLevels(".", ":"), 0x38: KeyLevels("-", "_"),
        0x64: KeyLevels("<", ">", "|"),
    ]) { $1 }

    private static let frTable: [UInt8: KeyLevels] = letters("qbcdefghijklmnoparstuvzxyw", altGr: ["e": "€"])
        .merging(digitRow(
            "&é\"'(-è_çà", "1234567890",
            altGr: [1: .dead("~"), 2: .char("#"), 3: .char("{"), 4: .char("["), 5: .char("|"), 6: .dead("`"),
                    7: .char("\\"), 8: .char("^"), 9: .char("@")])) { $1 }
        .merging([
            0x10: KeyLevels(",", "?"),
            0x2D: KeyLevels(")", "°", "]"), 0x2E: KeyLevels("=", "+", "}"),
            0x2F: KeyLevels(.dead("^"), .dead("¨")), 0x30: KeyLevels("$", "£", "¤"),
            0x31: KeyLevels("*", "µ"), 0x32: KeyLevels("*", "µ"), 0x33: KeyLevels("m", "M"),
            0x34: KeyLevels("ù", "%"), 0x35: KeyLevels("²"),
            0x36: KeyLevels(";", "."), 0x37: KeyLevels(":", "/"), 0x38: KeyLevels("!", "§"),
            0x64: KeyLevels("<", ">"),
        ]) { $1 }

    private static let beTable: [UInt8: KeyLevels] = letters("qbcdefghijklmnoparstuvzxyw", altGr: ["e": "€"])
        .merging(digitRow(
            "&é\"'(§è!çà", "1234567890",
            altGr: [0: .char("|"), 1: .char("@"), 2: .char("#"), 5: .char("^"), 8: .char("{"), 9: .char("}")])) { $1 }
        .merging([
            0x10: KeyLevels(",", "?"),
            0x2D: KeyLevels(")", "°"), 0x2E: KeyLevels("-", "_"),
            0x2F: KeyLevels(.dead("^"), .dead("¨"), .char("[")), 0x30: KeyLevels(.char("$"), .char("*"), .char("]")),
            0x31: KeyLevels(.char("µ"), .char("£"), .dead("`")), 0x32: KeyLevels(.char("µ"), .char("£"), .dead("`")),
            0x33: KeyLevels("m", "M"), 0x34: KeyLevels(.char("ù"), .char("%"), .dead("´")),
            0x35: KeyLevels("²", "³"),
            0x36: KeyLevels(";", "."), 0x37: KeyLevels(":", "/"), 0x38: KeyLevels(.char("="), .char("+"), .dead("~")),
            0x64: KeyLevels("<", ">", "\\"),
        ]) { $1 }
}
