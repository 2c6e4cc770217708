/// The HID boot-keyboard modifier byte (bit 0 Left Ctrl … bit 7 Right GUI).
public struct KeyModifiers: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let leftCtrl = KeyModifiers(rawValue: 0x01)
    public static let leftShift = KeyModifiers(rawValue: 0x02)
    public static let leftAlt = KeyModifiers(rawValue: 0x04)
    public static let leftGUI = KeyModifiers(rawValue: 0x08)
    public static let rightCtrl = KeyModifiers(rawValue: 0x10)
    public static let rightShift = KeyModifiers(rawValue: 0x20)
    public static let rightAlt = KeyModifiers(rawValue: 0x40)
    public static let rightGUI = KeyModifiers(rawValue: 0x80)

    var shift: Bool { !isDisjoint(with: [.leftShift, .rightShift]) }
    var ctrl: Bool { !isDisjoint(with: [.leftCtrl, .rightCtrl]) }

    /// AltGr in a layout that has it: Right Alt, or Ctrl+Left Alt (the Windows equivalent scanners send).
    func altGr(in layout: KeyboardLayout) -> Bool {
        layout.hasAltGr && (contains(.rightAlt) || (contains(.leftCtrl) && contains(.leftAlt)))
    }

    /// Ctrl held for its own sake (not only as half of Ctrl+Left Alt = AltGr).
    func control(in layout: KeyboardLayout) -> Bool {
        if contains(.rightCtrl) { return true }
        guard contains(.leftCtrl) else { return false }
        return !(layout.hasAltGr && contains(.leftAlt) && !contains(.rightAlt))
    }

    /// Plain Alt, as used for Alt+numpad codes.
    func alt(in layout: KeyboardLayout) -> Bool {
        if contains(.leftAlt) && !contains(.leftCtrl) { return true }
        return !layout.hasAltGr && contains(.rightAlt)
    }
}

/// One thing a keyboard source (HID boot reports or evdev) tells the wedge decoder.
public enum KeyboardInput: Sendable, Hashable {
    /// A key went down (HID Keyboard-page usage) with these modifiers held.
    case press(usage: UInt8, modifiers: KeyModifiers)
    /// The modifiers changed without a new key (used to end an Alt+numpad code).
    case modifiers(KeyModifiers)
    /// The source reported something that cannot be a clean keystroke.
    case fault(ScannerError)
}
