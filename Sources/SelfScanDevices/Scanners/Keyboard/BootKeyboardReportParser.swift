/// Turns HID boot-keyboard input reports (modifier byte, reserved byte, 6 usages) into key presses.
/// A key is pressed when its usage appears in a report and was not in the previous one (so rollover
/// reports and key-up reports both work). Phantom-state and error reports become faults.
public struct BootKeyboardReportParser: Sendable {
    private var held: [UInt8] = []
    private var modifiers = KeyModifiers()
    /// Size of a boot report.
    public static let reportLength = 8

    public init() {}

    /// Parses one report. A report of the wrong size or with impossible content is a fault and leaves the
    /// key state unchanged except that everything counts as released (the next report starts clean).
    public mutating func parse(_ report: [UInt8]) -> [KeyboardInput] {
        guard report.count == Self.reportLength else {
            held = []
            return [.fault(ScannerError(.malformedReport, "boot report of \(report.count) bytes, expected 8"))]
        }
        let newModifiers = KeyModifiers(rawValue: report[0])
        let keys = Array(report[2...])
        if keys.contains(HIDUsage.errorRollOver) || keys.contains(HIDUsage.postFail)
            || keys.contains(HIDUsage.errorUndefined) {
            // Phantom state: the keyboard cannot say which keys are down. Forget the state.
            held = []
            modifiers = newModifiers
            let code: ScannerError.Code = keys.contains(HIDUsage.errorRollOver) ? .rollOver : .keyboardError
            return [.fault(ScannerError(code, "report \(HexBytes.format(report))"))]
        }
        // Usages are packed from the start; a hole or a modifier usage in the array is not a boot report.
        if let firstEmpty = keys.firstIndex(of: 0), keys[firstEmpty...].contains(where: { $0 != 0 }) {
            held = []
            return [.fault(ScannerError(.malformedReport, "key array with a hole: \(HexBytes.format(report))"))]
        }
        if keys.contains(where: { $0 >= 0xE0 }) {
            held = []
            return [.fault(ScannerError(.malformedReport, "modifier usage in the key array: \(HexBytes.format(report))"))]
        }
        let pressedNow = keys.filter { $0 != 0 }
        var inputs: [KeyboardInput] = []
        let newKeys = pressedNow.filter { !held.contains($0) }
        if newKeys.isEmpty && newModifiers != modifiers { inputs.append(.modifiers(newModifiers)) }
        for usage in newKeys { inputs.append(.press(usage: usage, modifiers: newModifiers)) }
        held = pressedNow
        modifiers = newModifiers
        return inputs
    }
}
