/// What one key produces at one level (plain, Shift, AltGr) of a layout.
enum KeySymbol: Sendable, Hashable {
    /// A character.
    case char(Character)
    /// A dead key: the next key composes with it (the scanner sends dead key + Space for the bare accent).
    case dead(Character)
}

/// One key of a layout: its symbol at each level.
struct KeyLevels: Sendable, Hashable {
    var base: KeySymbol?
    var shift: KeySymbol?
    var altGr: KeySymbol?

    init(_ base: KeySymbol?, _ shift: KeySymbol? = nil, _ altGr: KeySymbol? = nil) {
        self.base = base
        self.shift = shift
        self.altGr = altGr
    }

    /// Plain characters given as one-character strings; "" means nothing at that level.
    init(_ base: String, _ shift: String = "", _ altGr: String = "") {
        func symbol(_ text: String) -> KeySymbol? { text.first.map(KeySymbol.char) }
        self.init(symbol(base), symbol(shift), symbol(altGr))
    }
}

/// HID Keyboard/Keypad page usages the decoders treat specially.
enum HIDUsage {
    static let errorRollOver: UInt8 = 0x01
    static let postFail: UInt8 = 0x02
    static let errorUndefined: UInt8 = 0x03
    static let enter: UInt8 = 0x28
    static let tab: UInt8 = 0x2B
    static let space: UInt8 = 0x2C
    static let rightBracketKey: UInt8 = 0x30
    static let keypadEnter: UInt8 = 0x58
    /// Keypad 1…9 are 0x59…0x61, keypad 0 is 0x62.
    static func keypadDigit(_ usage: UInt8) -> Int? {
        switch usage {
        case 0x59...0x61: Int(usage - 0x58)
        case 0x62: 0
        default: nil
        }
    }
}
