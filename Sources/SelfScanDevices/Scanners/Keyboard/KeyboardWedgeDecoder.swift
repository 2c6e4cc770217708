/// Decodes a keyboard-wedge scanner's keystrokes into scans, using the layout the *scanner* emulates.
///
/// A pure state machine (STYLE.md 6): feed it `KeyboardInput`s (from `BootKeyboardReportParser` or the
/// evdev translator) with a monotonic time in nanoseconds, and call `tick(at:)` when `deadline` passes.
/// A scan ends with the profile's suffix (Enter/Tab) or, with suffix `none`, with an inter-key gap.
/// GS (FNC1) arrives as Ctrl+] (the layout's "]", or the key at the US "]" position) or Alt+numpad 0029.
/// Anything that cannot be decoded cleanly makes the whole scan an error: never a wrong code.
public struct KeyboardWedgeDecoder: Sendable {
    public let layout: KeyboardLayout
    public let terminator: ScanTerminator
    public let framing: ScanFraming
    public let interKeyTimeoutNanos: UInt64

    private var buffer: [UInt8] = []
    private var fault: ScannerError?
    private var lastEvent: UInt64?
    private var pendingDead: Character?
    private var altDigits: String?
    private var parser = BootKeyboardReportParser()
    /// Keys being dropped up to the next terminator: the tail of a scan whose head we did not see.
    private var discard: Discard?

    private struct Discard: Sendable {
        /// Reported when the tail ends (nil when its error was already reported).
        var reason: String?
        /// Dropping stops if nothing arrives before this time.
        var until: UInt64
        var sawKeys = false
    }

    /// How long after a partial scan is detected a continuing tail is still recognised as that scan's tail
    /// (4 × the inter-key timeout, at least 200 ms: shorter than a person's rescan).
    public var resyncWindowNanos: UInt64 { max(interKeyTimeoutNanos * 4, 200_000_000) }

    public init(layout: KeyboardLayout, terminator: ScanTerminator, framing: ScanFraming = ScanFraming(),
                interKeyTimeoutMillis: Int = ScannerProfile.defaultInterKeyTimeoutMillis) {
        self.layout = layout
        self.terminator = terminator
        self.framing = framing
        self.interKeyTimeoutNanos = UInt64(max(1, interKeyTimeoutMillis)) * 1_000_000
    }

    public init(profile: ScannerProfile) {
        self.init(layout: profile.layout, terminator: profile.suffix, framing: ScanFraming(profile: profile),
                  interKeyTimeoutMillis: profile.interKeyTimeoutMillis)
    }

    /// When the current scan times out (call `tick(at:)` then), or `nil` when idle.
    public var deadline: UInt64? {
        [lastEvent.map { $0 + interKeyTimeoutNanos }, discard?.until].compactMap { $0 }.min()
    }

    /// The reader just claimed the device at `now`. Keys arriving within the claim window (500 ms, or the
    /// inter-key timeout if longer: nobody plugs a scanner and scans that fast) belong to a scan that was
    /// already under way, whose head went to the previous owner: they are dropped up to the next terminator
    /// and reported as one partial-scan error, never delivered as a code.
    public mutating func claimed(at now: UInt64) {
        reset()
        discard = Discard(reason: "scan already under way when the device was claimed",
                          until: now + max(interKeyTimeoutNanos, 500_000_000))
    }

    /// Convenience: parse one HID boot report and decode what it contains.
    public mutating func handle(report: [UInt8], at now: UInt64) -> [DecoderOutput] {
        let inputs = parser.parse(report)
        if inputs.isEmpty { return tick(at: now) }
        var outputs: [DecoderOutput] = []
        for input in inputs { outputs += handle(input, at: now) }
        return outputs
    }

    /// Decodes one keyboard input received at `now`.
    public mutating func handle(_ input: KeyboardInput, at now: UInt64) -> [DecoderOutput] {
        // The second tick ends a resync window that the first one may have opened in the past.
        var outputs = tick(at: now)
        outputs += tick(at: now)
        if var dropping = discard {
            guard case .press(let usage, let modifiers) = input else { return outputs }
            // Still the tail until a quiet gap of a whole resync window (or its terminator).
            dropping.sawKeys = true
            dropping.until = max(dropping.until, now + resyncWindowNanos)
            discard = dropping
            if isTerminator(usage: usage, modifiers: modifiers) {
                discard = nil
                if let reason = dropping.reason { outputs.append(.error(ScannerError(.partialScan, reason))) }
            }
            return outputs
        }
        switch input {
        case .fault(let error):
            record(error)
            lastEvent = now
        case .modifiers(let modifiers):
            finishAltCodeIfReleased(modifiers)
        case .press(let usage, let modifiers):
            finishAltCodeIfReleased(modifiers)
            lastEvent = now
            outputs += press(usage: usage, modifiers: modifiers)
        }
        return outputs
    }

    /// Ends the current scan if the inter-key gap has passed: a complete scan with suffix `none`, a
    /// partial-scan error otherwise.
    public mutating func tick(at now: UInt64) -> [DecoderOutput] {
        if let dropping = discard, now > dropping.until {
            discard = nil
            if dropping.sawKeys, let reason = dropping.reason {
                return [.error(ScannerError(.partialScan, reason + " (no terminator)"))]
            }
            return []
        }
        guard let lastEvent, now > lastEvent + interKeyTimeoutNanos else { return [] }
        if terminator == .none || fault != nil || altDigits != nil || pendingDead != nil { return finish() }
        let got = buffer.count
        reset()
        // The rest of this scan may still come after the gap: drop it up to its terminator.
        discard = Discard(reason: nil, until: lastEvent + interKeyTimeoutNanos + resyncWindowNanos)
        return [.error(ScannerError(.partialScan, "no \(terminator.rawValue) after \(got) characters (inter-key timeout)"))]
    }

    private func isTerminator(usage: UInt8, modifiers: KeyModifiers) -> Bool {
        guard !modifiers.ctrl, !modifiers.alt(in: layout) else { return false }
        let isEnter = usage == HIDUsage.enter || usage == HIDUsage.keypadEnter
        return (isEnter && terminator == .enter) || (usage == HIDUsage.tab && terminator == .tab)
    }

    private mutating func press(usage: UInt8, modifiers: KeyModifiers) -> [DecoderOutput] {
        let isEnter = usage == HIDUsage.enter || usage == HIDUsage.keypadEnter
        if isTerminator(usage: usage, modifiers: modifiers) { return finish() }
        if modifiers.alt(in: layout) {
            if let digit = HIDUsage.keypadDigit(usage) {
                altDigits = (altDigits ?? "") + String(digit)
            } else {
                record(ScannerError(.unmappedKey, "Alt+usage 0x\(HexBytes.format([usage])) types nothing"))
            }
            return []
        }
        if isEnter { append("\r"); return [] }
        if usage == HIDUsage.tab { append("\t"); return [] }
        let altGr = modifiers.altGr(in: layout)
        if modifiers.control(in: layout) {
            controlCharacter(usage: usage, altGr: altGr, shift: modifiers.shift)
            return []
        }
        guard let symbol = symbol(usage: usage, altGr: altGr, shift: modifiers.shift) else {
            record(ScannerError(.unmappedKey, "usage 0x\(HexBytes.format([usage])) types nothing in \(layout.rawValue)"))
            return []
        }
        type(symbol)
        return []
    }

    private func symbol(usage: UInt8, altGr: Bool, shift: Bool) -> KeySymbol? {
        guard let levels = layout.levels(usage: usage) else { return nil }
        return altGr ? levels.altGr : (shift ? levels.shift : levels.base)
    }

    /// Ctrl+key: GS for the key at the US "]" position, else the ASCII control of the typed character.
    private mutating func controlCharacter(usage: UInt8, altGr: Bool, shift: Bool) {
        if usage == HIDUsage.rightBracketKey && !altGr && !shift {
            buffer.append(0x1D)
            return
        }
        if case .char(let character)? = symbol(usage: usage, altGr: altGr, shift: shift),
           let ascii = character.asciiValue, (0x40...0x5F).contains(ascii & 0xDF) || ascii == 0x3F {
            buffer.append(ascii == 0x3F ? 0x7F : (ascii & 0x1F))
            return
        }
        record(ScannerError(.unmappedKey, "Ctrl+usage 0x\(HexBytes.format([usage])) is no control character in \(layout.rawValue)"))
    }

    private mutating func type(_ symbol: KeySymbol) {
        switch (pendingDead, symbol) {
        case (nil, .char(let character)):
            append(character)
        case (nil, .dead(let accent)):
            pendingDead = accent
        case (let accent?, .char(" ")):
            // Dead key then Space types the bare accent.
            pendingDead = nil
            append(accent)
        case (let accent?, .dead(let again)) where again == accent:
            // The dead key twice types the bare accent too.
            pendingDead = nil
            append(accent)
        case (let accent?, _):
            pendingDead = nil
            record(ScannerError(.unmappedKey, "dead key '\(accent)' followed by a key it does not compose with"))
        }
    }

    private mutating func finishAltCodeIfReleased(_ modifiers: KeyModifiers) {
        guard let digits = altDigits, !modifiers.alt(in: layout) else { return }
        altDigits = nil
        guard let value = Int(digits), (1...127).contains(value) else {
            record(ScannerError(.badAltCode, "Alt+numpad \(digits) is not an ASCII code"))
            return
        }
        buffer.append(UInt8(value))
    }

    private mutating func append(_ character: Character) {
        buffer.append(contentsOf: Array(String(character).utf8))
        if buffer.count > framing.maximumLength {
            record(ScannerError(.scanTooLong, "more than \(framing.maximumLength) bytes"))
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// Keeps the first error of a scan; the scan will end as that error.
    private mutating func record(_ error: ScannerError) {
        if fault == nil { fault = error }
    }

    private mutating func finish() -> [DecoderOutput] {
        defer { reset() }
        if let pendingDead { record(ScannerError(.unmappedKey, "dead key '\(pendingDead)' at the end of the scan")) }
        if let altDigits { record(ScannerError(.badAltCode, "Alt+numpad \(altDigits) never released")) }
        if let fault { return [.error(fault)] }
        if buffer.isEmpty { return [] }
        return [framing.finish(buffer)]
    }

    private mutating func reset() {
        buffer.removeAll(keepingCapacity: true)
        fault = nil
        lastEvent = nil
        pendingDead = nil
        altDigits = nil
    }
}
