import SelfScanCore
import Testing

private let gs = "\u{1D}"

@Suite("GS1 element strings")
struct GS1ParserTests {
    private func ais(_ text: String) throws -> [String: String] { try GS1Parser.parse(text).dictionary }

    /// Examples from the GS1 General Specifications (sections 2 and 3) and the GS1-128 guideline.
    @Test func publishedExamples() throws {
        // (01)95012345678903(3103)000123: a variable-measure trade item, 0.123 kg.
        let weighed = try GS1Parser.parse("0195012345678903" + "3103000123")
        #expect(weighed.elements == [.init(ai: "01", value: "95012345678903"), .init(ai: "3103", value: "000123")])
        #expect(try weighed.netWeightGrams() == 123)
        // SSCC (00)106141411234567897.
        #expect(try ais("00106141411234567897") == ["00": "106141411234567897"])
        // (01)09521234543213(17)201231(10)ABC123 with the lot last (no separator needed).
        #expect(try ais("010952123454321317201231" + "10ABC123") == ["01": "09521234543213", "17": "201231", "10": "ABC123"])
        // (10) first: a separator must end it.
        #expect(try ais("10ABC123" + gs + "0109521234543213") == ["10": "ABC123", "01": "09521234543213"])
        // GLN (414)0614141000012 + extension (254)32a/b.
        #expect(try ais("4140614141000012" + "25432a/b") == ["414": "0614141000012", "254": "32a/b"])
    }

    @Test(arguments: ["]C1", "]e0", "]Q3", "]d2", "", gs, "]C1" + gs])
    func aimPrefixAndLeadingFNC1AreTolerated(prefix: String) throws {
        let elements = try GS1Parser.parse(prefix + "0109506000134352" + "21ABC" + gs + "17251231")
        #expect(elements.elements.map(\.ai) == ["01", "21", "17"])
        #expect(elements.gtin == (try GTIN("09506000134352")))
    }

    @Test func separatorAfterAFixedLengthElementIsTolerated() throws {
        #expect(try ais("0109506000134352" + gs + "17251231") == ["01": "09506000134352", "17": "251231"])
    }

    @Test func humanReadableForm() throws {
        let elements = try GS1Parser.parse("(01)09506000134352(3103)000195(10)A(B)C")
        #expect(elements.dictionary == ["01": "09506000134352", "3103": "000195", "10": "A(B)C"])
    }

    @Test func aiTableIsComplete() throws {
        let table = GS1ApplicationIdentifier.table
        #expect(table.count > 500)
        for ai in ["00", "01", "02", "03", "10", "11", "17", "21", "235", "253", "255", "3100", "3105", "3203", "3929",
                   "3939", "400", "414", "4300", "4333", "7003", "7007", "7039", "7240", "8003", "8006", "8030", "8200", "90", "99"] {
            #expect(table[ai] != nil, "missing AI \(ai)")
        }
        #expect(table["01"]?.isFixedLength == true)
        #expect(table["01"]?.fnc1Required == false)
        #expect(table["10"]?.fnc1Required == true)
        #expect(table["426"]?.isFixedLength == true)
        #expect(table["426"]?.fnc1Required == true)  // fixed length, but 42 is not a predefined-length prefix
        #expect(table["3103"]?.decimals == 3)
        #expect(table["253"]?.minimumLength == 13)
        #expect(table["253"]?.maximumLength == 30)
        #expect(table["8030"]?.components.first?.characters == .cset64)
        // AIs are prefix-free, so reading AI digits is unambiguous.
        for ai in table.keys {
            for length in 2..<ai.count { #expect(table[String(ai.prefix(length))] == nil, "\(ai) has prefix AI") }
        }
    }

    @Test func datesIncludingDayZero() throws {
        let elements = try GS1Parser.parse("17250200" + "11240229" + "15250430")
        let expiry = try #require(elements.date(of: "17"))
        #expect(expiry.day == 0)
        let resolved = expiry.resolvedDay(reference: 2026)
        #expect(resolved.year == 2025 && resolved.month == 2 && resolved.day == 28)
        #expect(try #require(elements.date(of: "11")).resolvedDay(reference: 2026).year == 2024)
        #expect(try #require(GS1Date("240200")).resolvedDay(reference: 2026).day == 29)
    }

    /// GS1 General Specifications 7.12: the century of a YY year relative to the current year.
    @Test func centuryRule() throws {
        let date = try #require(GS1Date("990101"))
        #expect(date.year(reference: 2026) == 1999)
        #expect(try #require(GS1Date("760101")).year(reference: 2026) == 2076)
        #expect(try #require(GS1Date("770101")).year(reference: 2026) == 1977)
        #expect(try #require(GS1Date("010101")).year(reference: 2060) == 2101)
    }

    @Test func measures() throws {
        #expect(try GS1Parser.parse("3102000195").netWeightGrams() == 1950)
        #expect(try GS1Parser.parse("3100000002").netWeightGrams() == 2000)
        #expect(try GS1Parser.parse("3105123456").netWeightGrams() == 1235)  // 1.23456 kg, rounded half up
        #expect(try GS1Parser.parse("3201000010").netWeightGrams() == 454)  // 1.0 lb = 453.59237 g
        #expect(try GS1Parser.parse("0109506000134352").netWeightGrams() == nil)
        #expect(try GS1Parser.parse("39221234").price(defaultCurrency: .eur) == Money(minor: 1234, currency: .eur))
        #expect(try GS1Parser.parse("39201234").price(defaultCurrency: .eur) == Money(minor: 123_400, currency: .eur))
        #expect(try GS1Parser.parse("392312340").price(defaultCurrency: .eur) == Money(minor: 1234, currency: .eur))
        #expect(try GS1Parser.parse("39329781234").price(defaultCurrency: .usd) == Money(minor: 1234, currency: .eur))
        #expect(try GS1Parser.parse("39328401234").price(defaultCurrency: .eur) == Money(minor: 1234, currency: .usd))
        #expect(try GS1Parser.parse("39303921234").price(defaultCurrency: .eur) == Money(minor: 1234, currency: .jpy))
    }

    @Test(arguments: [
        ("39323921234", CodeError.absurdDecimals(ai: "3932", value: "3921234")),  // 12.34 JPY: yen have no decimals
        ("392312345", .absurdDecimals(ai: "3923", value: "12345")),  // 12.345 EUR
        ("39329991234", .unknownCurrency(ai: "3932", numericCode: "999")),
        ("39220000", .zeroMeasure("0000")),
        ("3103000000", .zeroMeasure("000000")),
    ])
    func badMeasures(data: String, error: CodeError) throws {
        let elements = try GS1Parser.parse(data)
        #expect(throws: error) {
            _ = try elements.netWeightGrams()
            _ = try elements.price(defaultCurrency: .eur)
        }
    }

    static let badCases: [(String, CodeError)] = [
        ("]C1", CodeError.noElements),
        ("0109506000134353", .badAICheckDigit(ai: "01", value: "09506000134353", expected: 2)),
        ("0209506000134353", .badAICheckDigit(ai: "02", value: "09506000134353", expected: 2)),
        ("00106141411234567890", .badAICheckDigit(ai: "00", value: "106141411234567890", expected: 7)),
        ("01095060001343", .truncatedValue(ai: "01", expected: 14, found: 12)),
        ("0109506000" + gs + "17251231", .truncatedValue(ai: "01", expected: 14, found: 8)),
        ("3103000", .truncatedValue(ai: "3103", expected: 6, found: 3)),
        ("0109506000134352" + "10", .valueTooShort(ai: "10", minimum: 1, found: 0)),
        ("10" + gs + "17251231", .valueTooShort(ai: "10", minimum: 1, found: 0)),
        ("10ABCDEFGHIJKLMNOPQRSTU", .valueTooLong(ai: "10", maximum: 20, found: 21)),
        ("0109506000134352" + "2312", .unknownAI("2312", offset: 16)),
        ("0109506000134352" + "19", .unknownAI("19", offset: 16)),
        ("3109000123", .badDecimalIndicator(ai: "3109")),
        ("3106000123", .badDecimalIndicator(ai: "3106")),
        ("3929" + "5", .absurdDecimals(ai: "3929", value: "5")),
        ("17251301", .badDate(ai: "17", value: "251301")),
        ("17250431", .badDate(ai: "17", value: "250431")),
        ("11230229", .badDate(ai: "11", value: "230229")),
        ("15250000", .badDate(ai: "15", value: "250000")),
        ("172512AB", .badCharacter(ai: "17", value: "2512AB")),
        ("10AB#C", .badCharacter(ai: "10", value: "AB#C")),
        ("10café", .badCharacter(ai: "10", value: "café")),
        ("70032512312460", .badDate(ai: "7003", value: "2512312460")),
        ("0109506000134352" + "10A" + gs + "0109506000134369", .conflictingAI(ai: "01")),
        ("(01)09506000134352(23)1", .unknownAI("23", offset: 19)),
        ("3932978", .valueTooShort(ai: "3932", minimum: 4, found: 3)),
    ]

    @Test(arguments: badCases)
    func badElementStrings(data: String, error: CodeError) {
        #expect(throws: error) { try GS1Parser.parse(data) }
        #expect(!error.description.isEmpty)
    }

    @Test func sameAITwiceWithTheSameValueIsKeptOnce() throws {
        let elements = try GS1Parser.parse("10A" + gs + "10A")
        #expect(elements.elements == [.init(ai: "10", value: "A")])
    }

    /// Property: random valid element strings (fixed and variable AIs, separators where needed) parse back.
    @Test func generatedElementStringsRoundTrip() throws {
        var generator = SeededGenerator(seed: 7)
        let lotCharacters = Array("ABCXYZabc0123456789-./_")
        for _ in 0..<500 {
            let gtin = withCheckDigit("0" + text(generator.digits(12)))
            let lot = String((0..<Int.random(in: 1...20, using: &generator)).map { _ in lotCharacters.randomElement(using: &generator) ?? "A" })
            let serial = text(generator.digits(Int.random(in: 1...20, using: &generator)))
            let weight = text(generator.digits(6))
            var parts = [("01", gtin), ("10", lot), ("21", serial), ("3103", weight)]
            parts.shuffle(using: &generator)
            var data = ""
            for (index, (ai, value)) in parts.enumerated() {
                data += ai + value
                let fixed = GS1ApplicationIdentifier.table[ai]?.fnc1Required == false
                if !fixed && index < parts.count - 1 { data += gs }
            }
            let parsed = try GS1Parser.parse(data)
            #expect(parsed.dictionary == Dictionary(uniqueKeysWithValues: parts))
        }
    }
}
