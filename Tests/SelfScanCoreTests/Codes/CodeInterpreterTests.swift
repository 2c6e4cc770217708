import SelfScanCore
import Testing

@Suite("CodeInterpreter")
struct CodeInterpreterTests {
    let interpreter = CodeInterpreter()

    @Test func plainGTINs() throws {
        #expect(try interpreter.interpret("3017620422003") == .gtin(try GTIN("3017620422003")))
        #expect(try interpreter.interpret("96385074", symbology: .ean8) == .gtin(try GTIN("96385074")))
        #expect(try interpreter.interpret("036000291452") == .gtin(try GTIN("036000291452")))
        #expect(try interpreter.interpret("]E03017620422003") == .gtin(try GTIN("3017620422003")))
        #expect(try interpreter.interpret("09506000134352", symbology: .itf) == .gtin(try GTIN("09506000134352")))
    }

    @Test func upcEReadings() throws {
        let expanded = try GTIN("012345000065")
        #expect(try interpreter.interpret("01234565") == .gtin(expanded))  // no symbology, leading 0: UPC-E
        #expect(try interpreter.interpret("01234565", symbology: .ean13) == .gtin(expanded))
        #expect(try interpreter.interpret("123456", symbology: .ean13) == .gtin(expanded))
        // As EAN-8 (]E4) the same digits are an RCN-8 with prefix 0, unassigned in the French default.
        #expect(throws: CodeError.unknownRestrictedCode("01234565")) { try interpreter.interpret("01234565", symbology: .ean8) }
    }

    @Test func couponPrefixes() throws {
        let coupon = withCheckDigit("981234567890")
        #expect(try interpreter.interpret(coupon) == .coupon(CouponCode(code: coupon, value: nil)))
    }

    @Test(arguments: [
        ("selfscan:loyalty:FR-0042-77", ScannedCode.loyaltyCard("FR-0042-77")),
        ("SELFSCAN:LOYALTY:4242", .loyaltyCard("4242")),
        ("selfscan:coupon:SPRING24", .coupon(CouponCode(code: "SPRING24", value: nil))),
        ("selfscan:badge:emp-17", .staffBadge("emp-17")),
        ("selfscan:handoff:eyJiIjoiMSJ9.c2ln", .basketHandoff("eyJiIjoiMSJ9.c2ln")),
        ("selfscan:exit:eyJiIjoiMSJ9.c2ln", .exitPass("eyJiIjoiMSJ9.c2ln")),
        ("]Q1selfscan:badge:7", .staffBadge("7")),
    ])
    func selfScanPayloads(payload: String, expected: ScannedCode) throws {
        #expect(try interpreter.interpret(payload) == expected)
        if case .loyaltyCard = expected, payload.hasPrefix("SELF") { return }
        if !payload.hasPrefix("]") { #expect(SelfScanPayload.text(for: expected) == payload) }
    }

    @Test(arguments: [
        ("selfscan:gift:1", CodeError.unknownSelfScanPayloadKind("gift")),
        ("selfscan:nokind", .unknownSelfScanPayloadKind("nokind")),
        ("selfscan:loyalty:", .emptySelfScanPayload(kind: "loyalty")),
        ("selfscan:coupon:A B", .badSelfScanPayloadCharacter(kind: "coupon")),
        ("selfscan:exit:é", .badSelfScanPayloadCharacter(kind: "exit")),
    ])
    func badSelfScanPayloads(payload: String, error: CodeError) {
        #expect(throws: error) { try interpreter.interpret(payload) }
    }

    @Test(arguments: ["hello", "https://example.com/promo?x=1", "ABC-123", "WIFI:S:store;;"])
    func unrecognisedKeepsTheRawPayload(payload: String) throws {
        #expect(try interpreter.interpret(payload) == .unrecognised(raw: Array(payload.utf8)))
    }

    @Test func digitsFromOtherSymbologiesThatCannotBeGTINs() throws {
        #expect(try interpreter.interpret("12345", symbology: .code39) == .unrecognised(raw: Array("12345".utf8)))
    }

    @Test func payloadErrors() throws {
        #expect(throws: CodeError.empty) { try interpreter.interpret([], symbology: nil) }
        #expect(throws: CodeError.empty) { try interpreter.interpret("]E0") }
        #expect(throws: CodeError.noElements) { try interpreter.interpret("]C1") }
        let long = [UInt8](repeating: 0x41, count: CodeInterpreter.maximumPayloadLength + 1)
        #expect(throws: CodeError.payloadTooLong(4097, limit: 4096)) { try interpreter.interpret(long, symbology: nil) }
        let atLimit = [UInt8](repeating: 0x41, count: CodeInterpreter.maximumPayloadLength)
        #expect(try interpreter.interpret(atLimit, symbology: nil) == .unrecognised(raw: atLimit))
        #expect(throws: CodeError.invalidUTF8(offset: 3)) { try interpreter.interpret([0x41, 0x42, 0x43, 0xFF, 0x44], symbology: nil) }
        #expect(throws: CodeError.invalidUTF8(offset: 0)) { try interpreter.interpret([0xC3], symbology: nil) }
        #expect(throws: CodeError.invalidUTF8(offset: 1)) { try interpreter.interpret([0x30, 0xED, 0xA0, 0x80], symbology: nil) }
    }

    @Test(arguments: [
        ("12345678901", CodeError.badLength("12345678901", 11)),
        ("3017620422004", .badCheckDigit("3017620422004", expected: 3)),
        ("96385075", .badCheckDigit("96385075", expected: 4)),
    ])
    func badDigits(payload: String, error: CodeError) {
        #expect(throws: error) { try interpreter.interpret(payload) }
    }

    @Test func nonDigitsFromAnEANReader() {
        #expect(throws: CodeError.notDigits("30176204220O3")) { try interpreter.interpret("30176204220O3", symbology: .ean13) }
    }

    @Test func scanEvent() throws {
        let event = ScanEvent(deviceID: "gun-1", symbology: .ean13, payload: Array("3017620422003".utf8), timestamp: .epoch)
        #expect(try interpreter.interpret(event) == .gtin(try GTIN("3017620422003")))
    }

    @Test func everyErrorHasACodeAndAMessage() {
        let errors: [CodeError] = [
            .empty, .payloadTooLong(1, limit: 0), .invalidUTF8(offset: 0), .notDigits("a"), .badLength("1", 1),
            .badCheckDigit("1", expected: 0), .badUPCELength("1", 1), .badUPCENumberSystem("2"),
            .unknownRestrictedCode("2"), .badPriceCheckDigit("2", expected: 1), .zeroMeasure("2"), .measureOverflow("2"),
            .unknownAI("77", offset: 0), .badDecimalIndicator(ai: "3109"), .truncatedValue(ai: "01", expected: 14, found: 2),
            .valueTooShort(ai: "10", minimum: 1, found: 0), .valueTooLong(ai: "10", maximum: 20, found: 21),
            .badCharacter(ai: "10", value: "é"), .badAICheckDigit(ai: "01", value: "1", expected: 2),
            .badDate(ai: "17", value: "201301"), .absurdDecimals(ai: "3929", value: "1"),
            .unknownCurrency(ai: "3932", numericCode: "999"), .conflictingAI(ai: "01"), .noElements,
            .badDigitalLinkPath("x"), .badPercentEncoding("%"), .unknownSelfScanPayloadKind("x"),
            .emptySelfScanPayload(kind: "x"), .badSelfScanPayloadCharacter(kind: "x"),
        ]
        #expect(Set(errors.map(\.code)).count == errors.count)
        for error in errors { #expect(error.description.count > 10) }
    }
}
