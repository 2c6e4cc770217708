import Foundation
import SelfScanCore
import Testing

@Suite("Nomenclature")
struct NomenclatureTests {
    let interpreter = CodeInterpreter(nomenclature: .frenchDefault)

    @Test func weightKilogramsWithThreeDecimals() throws {
        // 21 | 00123 | 01.234 kg | check 3
        let code = try interpreter.interpret("2100123012343")
        #expect(code == .variableMeasure(VariableMeasureCode(
            itemReference: "00123", measure: .weightGrams(1234), ruleName: "fr-weight-21", code: "2100123012343")))
    }

    @Test func priceWithTwoDecimals() throws {
        // 23 | 00123 | 001.25 € | check 9
        let code = try interpreter.interpret("2300123001259")
        #expect(code == .variableMeasure(VariableMeasureCode(
            itemReference: "00123", measure: .price(Money(minor: 125, currency: .eur)), ruleName: "fr-price-23",
            code: "2300123001259")))
    }

    @Test func upcNumberSystemTwoIsPrefix02() throws {
        // UPC-A 2 01234 01999 c, read as EAN-13 0201234019990 + check.
        let upcA = withCheckDigit("20123401999")
        guard case .variableMeasure(let measure) = try interpreter.interpret(upcA) else {
            Issue.record("not a variable measure")
            return
        }
        #expect(measure.itemReference == "01234")
        #expect(measure.measure == .price(Money(minor: 1999, currency: .eur)))
        #expect(measure.ruleName == "fr-price-02")
    }

    @Test func countCouponCardBadgeAndStoreItem() throws {
        #expect(try interpreter.interpret("2500123000034")
            == .variableMeasure(VariableMeasureCode(itemReference: "00123", measure: .count(3), ruleName: "fr-count-25", code: "2500123000034")))
        #expect(try interpreter.interpret("2600123005005")
            == .coupon(CouponCode(code: "2600123005005", value: Money(minor: 500, currency: .eur))))
        #expect(try interpreter.interpret("0420000012344") == .loyaltyCard("0420000012344"))
        #expect(try interpreter.interpret("0410000000427") == .staffBadge("0410000000427"))
        #expect(try interpreter.interpret("0430000007776") == .coupon(CouponCode(code: "0430000007776", value: nil)))
        let storeItem = withCheckDigit("040000012345")
        #expect(try interpreter.interpret(storeItem) == .gtin(try GTIN(storeItem)))
        let rcn8 = withCheckDigit("2001234")
        #expect(try interpreter.interpret(rcn8, symbology: .ean8) == .gtin(try GTIN(rcn8)))
    }

    @Test(arguments: ["2700000000007", "2812345678906", "2900000000000", "0440000000006", "0000000000000"])
    func unassignedRestrictedCodesAreRefused(body: String) {
        let code = withCheckDigit(String(body.dropLast()))
        let expected = CodeError.unknownRestrictedCode(code.count == 13 && code.hasPrefix("00000") ? String(code.suffix(8)) : code)
        #expect(throws: expected) { try interpreter.interpret(code, symbology: .ean13) }
    }

    @Test func zeroMeasuresAreRefused() {
        let zeroPrice = withCheckDigit("230012300000")
        #expect(throws: CodeError.zeroMeasure(zeroPrice)) { try interpreter.interpret(zeroPrice) }
        let zeroWeight = withCheckDigit("210012300000")
        #expect(throws: CodeError.zeroMeasure(zeroWeight)) { try interpreter.interpret(zeroWeight) }
    }

    @Test func badCheckDigitOfAVariableMeasureCode() {
        #expect(throws: CodeError.badCheckDigit("2100123012344", expected: 3)) { try interpreter.interpret("2100123012344") }
    }

    /// The shipped JSON file is the built-in default, rule for rule.
    @Test func shippedFileIsTheBuiltInDefault() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("nomenclatures/fr-default.json"))
        let decoded = try JSONDecoder().decode(Nomenclature.self, from: data)
        #expect(decoded == Nomenclature.frenchDefault)
        #expect(decoded.rules.count == Nomenclature.frenchDefault.rules.count)
    }

    @Test func encodesAndDecodes() throws {
        let data = try JSONEncoder().encode(Nomenclature.frenchDefault)
        #expect(try JSONDecoder().decode(Nomenclature.self, from: data) == .frenchDefault)
    }

    @Test func firstMatchingRuleWins() throws {
        let nomenclature = try Nomenclature(name: "t", currency: .eur, rules: [
            NomenclatureRule(name: "special", kind: .weight, pattern: "2199...{NNDDD}"),
            NomenclatureRule(name: "general", kind: .price, pattern: "21.....{NNNDD}"),
        ])
        let special = withCheckDigit("219912300500")
        let general = withCheckDigit("210012300500")
        #expect(nomenclature.rule(matching: special)?.name == "special")
        #expect(nomenclature.rule(matching: general)?.name == "general")
        guard case .variableMeasure(let measure) = try CodeInterpreter(nomenclature: nomenclature).interpret(special) else {
            Issue.record("not a variable measure")
            return
        }
        #expect(measure.itemReference == "123")
        #expect(measure.measure == .weightGrams(500))
    }

    /// GS1 General Specifications 7.9.6 examples: 4-digit field 2875 → 9; 5-digit field 14685 → 6.
    @Test func priceCheckDigitPublishedExamples() {
        #expect(PriceCheckDigit.of([2, 8, 7, 5]) == 9)
        #expect(PriceCheckDigit.of([1, 4, 6, 8, 5]) == 6)
        #expect(PriceCheckDigit.of([1, 2, 3]) == nil)
    }

    @Test func priceCheckDigitRule() throws {
        let nomenclature = try Nomenclature(name: "de", currency: .eur, rules: [
            NomenclatureRule(name: "price-k", kind: .price, pattern: "28....K{NNNDD}"),
        ])
        let interpreter = CodeInterpreter(nomenclature: nomenclature)
        let good = withCheckDigit("281234614685")
        guard case .variableMeasure(let measure) = try interpreter.interpret(good) else {
            Issue.record("not a variable measure")
            return
        }
        #expect(measure.measure == .price(Money(minor: 14685, currency: .eur)))
        let bad = withCheckDigit("281234514685")
        #expect(throws: CodeError.badPriceCheckDigit(bad, expected: 6)) { try interpreter.interpret(bad) }
    }

    @Test(arguments: [
        ("21.....{NNDDD", NomenclatureError.badValueField(pattern: "21.....{NNDDD")),
        ("21.....{DDNNN}", .badValueField(pattern: "21.....{DDNNN}")),
        ("21....{NN}{DD}", .badValueField(pattern: "21....{NN}{DD}")),
        ("21.....{NNDD}", .badPatternLength(pattern: "21.....{NNDD}", length: 11)),
        ("21.....{NNDDD}9", .badPatternLength(pattern: "21.....{NNDDD}9", length: 13)),
        ("21....x{NNDDD}", .badPatternCharacter(pattern: "21....x{NNDDD}", character: "x")),
    ])
    func badPatterns(pattern: String, error: NomenclatureError) {
        #expect(throws: error) { try NomenclaturePattern(pattern) }
        #expect(!error.description.isEmpty)
    }

    @Test func badRules() throws {
        #expect(throws: NomenclatureError.tooManyDecimals(rule: "w")) {
            try Nomenclature(name: "t", currency: .eur, rules: [NomenclatureRule(name: "w", kind: .weight, pattern: "21...{NDDDD}..")])
        }
        #expect(throws: NomenclatureError.tooManyDecimals(rule: "p")) {
            try Nomenclature(name: "t", currency: .eur, rules: [NomenclatureRule(name: "p", kind: .price, pattern: "23.....{NNDDD}")])
        }
        #expect(throws: NomenclatureError.valueFieldMismatch(rule: "c")) {
            try Nomenclature(name: "t", currency: .eur, rules: [NomenclatureRule(name: "c", kind: .loyaltyCard, pattern: "29.....{NNDDD}")])
        }
        #expect(throws: NomenclatureError.missingItemReference(rule: "p")) {
            try Nomenclature(name: "t", currency: .eur, rules: [NomenclatureRule(name: "p", kind: .price, pattern: "2300000{NNNDD}")])
        }
        #expect(throws: NomenclatureError.duplicateRuleName("p")) {
            try Nomenclature(name: "t", currency: .eur, rules: [
                NomenclatureRule(name: "p", kind: .price, pattern: "23.....{NNNDD}"),
                NomenclatureRule(name: "p", kind: .price, pattern: "24.....{NNNDD}"),
            ])
        }
        #expect(throws: NomenclatureError.badPriceCheckDigitPosition(rule: "k")) {
            try Nomenclature(name: "t", currency: .eur, rules: [NomenclatureRule(name: "k", kind: .price, pattern: "2....K{NNNNDD}")])
        }
    }

    @Test func invalidJSONIsADecodingError() {
        let json = #"{"name":"x","currency":"EUR","rules":[{"name":"a","kind":"price","pattern":"23.....{NNNDD"}]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Nomenclature.self, from: Data(json.utf8)) }
    }
}
