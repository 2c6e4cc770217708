/// Turns Linux input events (`struct input_event`: type, code, value) from a keyboard-wedge scanner into
/// the same `KeyboardInput`s HID boot reports give, so one `KeyboardWedgeDecoder` (and the scanner's
/// layout) decodes both. evdev key codes are positions, like HID usages: KEY_Q is the US "q" key.
public struct EvdevKeyTranslator: Sendable {
    static let evSyn: UInt16 = 0x00
    static let evKey: UInt16 = 0x01
    static let synDropped: UInt16 = 3

    private var modifiers = KeyModifiers()

    public init() {}

    /// One event; key repeats (value 2) are ignored, SYN_DROPPED (events lost) is a fault.
    public mutating func translate(type: UInt16, code: UInt16, value: Int32) -> [KeyboardInput] {
        if type == Self.evSyn && code == Self.synDropped {
            return [.fault(ScannerError(.malformedReport, "evdev SYN_DROPPED: the kernel dropped events"))]
        }
        guard type == Self.evKey, value == 0 || value == 1 else { return [] }
        if let modifier = Self.modifierKeys[code] {
            if value == 1 { modifiers.insert(modifier) } else { modifiers.remove(modifier) }
            return [.modifiers(modifiers)]
        }
        guard value == 1 else { return [] }
        guard let usage = Self.usages[code] else {
            return [.fault(ScannerError(.unmappedKey, "evdev key code \(code) has no keyboard usage"))]
        }
        return [.press(usage: usage, modifiers: modifiers)]
    }

    static let modifierKeys: [UInt16: KeyModifiers] = [
        29: .leftCtrl, 42: .leftShift, 56: .leftAlt, 125: .leftGUI,
        97: .rightCtrl, 54: .rightShift, 100: .rightAlt, 126: .rightGUI,
    ]

    /// linux/input-event-codes.h KEY_* → HID Keyboard page usage (the kernel's hid-input table, inverted).
    static let usages: [UInt16: UInt8] = {
        var table: [UInt16: UInt8] = [
            1: 0x29, 14: 0x2A, 15: 0x2B, 28: 0x28, 57: 0x2C, 58: 0x39,
            12: 0x2D, 13: 0x2E, 26: 0x2F, 27: 0x30, 43: 0x31, 39: 0x33, 40: 0x34, 41: 0x35,
            51: 0x36, 52: 0x37, 53: 0x38, 86: 0x64,
            55: 0x55, 74: 0x56, 78: 0x57, 96: 0x58, 98: 0x54, 83: 0x63,
            71: 0x5F, 72: 0x60, 73: 0x61, 75: 0x5C, 76: 0x5D, 77: 0x5E, 79: 0x59, 80: 0x5A, 81: 0x5B, 82: 0x62,
        ]
        // Digits: KEY_1…KEY_9 = 2…10, KEY_0 = 11 → 0x1E…0x27.
        for index in 0..<10 { table[UInt16(2 + index)] = 0x1E + UInt8(index) }
        // Letters by their US position.
        let letterCodes: [(Character, UInt16)] = [
            ("q", 16), ("w", 17), ("e", 18), ("r", 19), ("t", 20), ("y", 21), ("u", 22), ("i", 23), ("o", 24),
            ("p", 25), ("a", 30), ("s", 31), ("d", 32), ("f", 33), ("g", 34), ("h", 35), ("j", 36), ("k", 37),
            ("l", 38), ("z", 44), ("x", 45), ("c", 46), ("v", 47), ("b", 48), ("n", 49), ("m", 50),
        ]
        for (letter, code) in letterCodes {
            guard let ascii = letter.asciiValue else { continue }
            table[code] = 0x04 + (ascii - 0x61)
        }
        // F1…F10 = 59…68, F11 = 87, F12 = 88 → 0x3A…0x45.
        for index in 0..<10 { table[UInt16(59 + index)] = 0x3A + UInt8(index) }
        table[87] = 0x44
        table[88] = 0x45
        return table
    }()
}
