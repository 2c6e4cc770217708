import SelfScanCore
import Testing
@testable import SelfScanDevices

/// Decoder rules driven key by key with a manual clock (nanoseconds): no sleeps, no devices.
@Suite struct KeyboardWedgeDecoderTests {
    static let ms: UInt64 = 1_000_000

    func press(_ usage: UInt8, _ modifiers: KeyModifiers = []) -> KeyboardInput {
        .press(usage: usage, modifiers: modifiers)
    }

    @Test func suffixNoneEndsOnTheInterKeyGap() {
        var decoder = KeyboardWedgeDecoder(layout: .us, terminator: .none, interKeyTimeoutMillis: 50)
        #expect(decoder.handle(press(0x1E), at: 0).isEmpty)
        #expect(decoder.handle(press(0x1F), at: 10 * Self.ms).isEmpty)
        #expect(decoder.tick(at: 60 * Self.ms).isEmpty)  // exactly at the deadline: not yet
        #expect(decoder.deadline == 60 * Self.ms)
        #expect(decoder.tick(at: 61 * Self.ms).map(\.summary) == ["12"])
        #expect(decoder.deadline == nil)
    }

    @Test func aGapInsideAScanWithASuffixIsAPartialRead() {
        var decoder = KeyboardWedgeDecoder(layout: .us, terminator: .enter, interKeyTimeoutMillis: 50)
        _ = decoder.handle(press(0x1E), at: 0)
        // The next key comes too late: the scan is reported partial, and its tail ("2" Enter, arriving
        // inside the resync window) is dropped: "2" alone would be a wrong code.
        #expect(decoder.handle(press(0x1F), at: 120 * Self.ms).map(\.summary) == ["error:partialScan"])
        #expect(decoder.handle(press(HIDUsage.enter), at: 125 * Self.ms).isEmpty)
        // A scan after the window is a new scan.
        _ = decoder.handle(press(0x20), at: 1000 * Self.ms)
        #expect(decoder.handle(press(HIDUsage.enter), at: 1005 * Self.ms).map(\.summary) == ["3"])
    }

    @Test func aScanUnderWayAtClaimTimeIsDroppedAsAnError() {
        var decoder = KeyboardWedgeDecoder(layout: .us, terminator: .enter, interKeyTimeoutMillis: 50)
        decoder.claimed(at: 0)
        // Keys arriving at once: the tail of a scan whose head went to the kernel driver.
        #expect(decoder.handle(press(0x1F), at: 5 * Self.ms).isEmpty)
        #expect(decoder.handle(press(HIDUsage.enter), at: 10 * Self.ms).map(\.summary) == ["error:partialScan"])
        // The tail is over: the next scan is delivered, even inside the claim window.
        _ = decoder.handle(press(0x20), at: 100 * Self.ms)
        #expect(decoder.handle(press(HIDUsage.enter), at: 105 * Self.ms).map(\.summary) == ["3"])
        // After a quiet start (longer than the 500 ms claim window), the first scan is delivered.
        var quiet = KeyboardWedgeDecoder(layout: .us, terminator: .enter, interKeyTimeoutMillis: 50)
        quiet.claimed(at: 0)
        #expect(quiet.tick(at: 600 * Self.ms).isEmpty)
        _ = quiet.handle(press(0x1E), at: 700 * Self.ms)
        #expect(quiet.handle(press(HIDUsage.enter), at: 705 * Self.ms).map(\.summary) == ["1"])
    }

    @Test func prefixIsStrippedAndRequired() {
        let framing = ScanFraming(prefix: "#", aimTransmitted: true)
        var decoder = KeyboardWedgeDecoder(layout: .us, terminator: .enter, framing: framing)
        // "#]E05" Enter
        let keys: [KeyboardInput] = [press(0x20, .leftShift), press(0x30), press(0x08, .leftShift), press(0x27),
                                     press(0x22), press(HIDUsage.enter)]
        let outputs = keys.flatMap { decoder.handle($0, at: 0) }
        #expect(outputs == [.scan(DecodedScan(symbology: AIMIdentifier("]E0"), payload: Array("5".utf8)))])
        // Without the prefix: an error, not a code.
        let missing = [press(0x30), press(0x08, .leftShift), press(0x27), press(0x22), press(HIDUsage.enter)]
            .flatMap { decoder.handle($0, at: 0) }
        #expect(missing.map(\.summary) == ["error:prefixMismatch"])
    }

    @Test func missingAIMIsAnError() {
        var decoder = KeyboardWedgeDecoder(layout: .us, terminator: .enter, framing: ScanFraming(aimTransmitted: true))
        let outputs = [press(0x22), press(0x22), press(0x22), press(0x22), press(HIDUsage.enter)]
            .flatMap { decoder.handle($0, at: 0) }
        #expect(outputs.map(\.summary) == ["error:missingAIM"])
    }

    @Test func unmappedKeyFailsTheWholeScan() {
        var decoder = KeyboardWedgeDecoder(layout: .us, terminator: .enter)
        // F1 (0x3A) in the middle of digits.
        let outputs = [press(0x1E), press(0x3A), press(0x1F), press(HIDUsage.enter)].flatMap { decoder.handle($0, at: 0) }
        #expect(outputs.map(\.summary) == ["error:unmappedKey"])
    }

    @Test func deadKeyThenSpaceTypesTheAccent() {
        var decoder = KeyboardWedgeDecoder(layout: .frAZERTY, terminator: .enter)
        let outputs = [press(0x2F), press(HIDUsage.space), press(0x14), press(HIDUsage.enter)].flatMap { decoder.handle($0, at: 0) }
        #expect(outputs.map(\.summary) == ["^a"])
        // A dead key followed by a letter would need composition: an error, never a guess.
        let composed = [press(0x2F), press(0x08), press(HIDUsage.enter)].flatMap { decoder.handle($0, at: 0) }
        #expect(composed.map(\.summary) == ["error:unmappedKey"])
    }

    @Test(arguments: [
        (KeyboardLayout.us, UInt8(0x30), KeyModifiers.leftCtrl),
        (KeyboardLayout.frAZERTY, UInt8(0x2D), KeyModifiers([.rightCtrl, .rightAlt])),  // Ctrl + AltGr+) = Ctrl+]
        (KeyboardLayout.beAZERTY, UInt8(0x30), KeyModifiers([.rightCtrl, .rightAlt])),  // Ctrl + AltGr+$ = Ctrl+]
        (KeyboardLayout.deQWERTZ, UInt8(0x26), KeyModifiers([.rightCtrl, .rightAlt])),  // Ctrl + AltGr+9 = Ctrl+]
        (KeyboardLayout.frAZERTY, UInt8(0x30), KeyModifiers.leftCtrl),  // the key at the US "]" position
    ])
    func controlBracketIsGroupSeparator(layout: KeyboardLayout, usage: UInt8, modifiers: KeyModifiers) {
        var decoder = KeyboardWedgeDecoder(layout: layout, terminator: .enter)
        var outputs = decoder.handle(.press(usage: 0x1E, modifiers: layout == .us || layout == .deQWERTZ || layout == .uk ? [] : .leftShift), at: 0)
        outputs += decoder.handle(.press(usage: usage, modifiers: modifiers), at: 0)
        outputs += decoder.handle(.press(usage: HIDUsage.enter, modifiers: []), at: 0)
        #expect(outputs == [.scan(DecodedScan(symbology: nil, payload: [0x31, 0x1D]))])
    }

    @Test func altNumpadOutOfRangeIsAnError() {
        var decoder = KeyboardWedgeDecoder(layout: .us, terminator: .enter)
        var outputs: [DecoderOutput] = []
        for usage: UInt8 in [0x5A, 0x5D, 0x5D] {  // Alt + 2 5 5 (not ASCII)
            outputs += decoder.handle(.press(usage: usage, modifiers: .leftAlt), at: 0)
        }
        outputs += decoder.handle(.modifiers([]), at: 0)
        outputs += decoder.handle(press(HIDUsage.enter), at: 0)
        #expect(outputs.map(\.summary) == ["error:badAltCode"])
    }

    @Test func strayEnterIsNotAScan() {
        var decoder = KeyboardWedgeDecoder(layout: .us, terminator: .enter)
        #expect(decoder.handle(press(HIDUsage.enter), at: 0).isEmpty)
    }

    @Test func tooLongIsAnError() {
        var decoder = KeyboardWedgeDecoder(layout: .us, terminator: .enter, framing: ScanFraming(maximumLength: 4))
        let outputs = [press(0x1E), press(0x1F), press(0x20), press(0x21), press(0x22), press(HIDUsage.enter)]
            .flatMap { decoder.handle($0, at: 0) }
        #expect(outputs.map(\.summary) == ["error:scanTooLong"])
    }
}

@Suite struct DoubleScanGuardTests {
    @Test func sameCodeSameDeviceInsideTheWindowIsOneScan() {
        var guardian = DoubleScanGuard(windowMillis: 50)
        let scan = DecodedScan(symbology: nil, payload: Array("123".utf8))
        let ms: UInt64 = 1_000_000
        var results: [Bool] = []
        results.append(guardian.admit(device: "a", scan: scan, at: 0))
        results.append(guardian.admit(device: "a", scan: scan, at: 30 * ms))  // repeat: dropped
        results.append(guardian.admit(device: "b", scan: scan, at: 30 * ms))  // another device
        results.append(guardian.admit(device: "a", scan: DecodedScan(symbology: nil, payload: Array("124".utf8)), at: 31 * ms))
        results.append(guardian.admit(device: "a", scan: scan, at: 40 * ms))  // the previous scan was another code
        results.append(guardian.admit(device: "a", scan: scan, at: 90 * ms))  // window over
        #expect(results == [true, false, true, true, true, true])
    }
}
