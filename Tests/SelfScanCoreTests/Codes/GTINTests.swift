import SelfScanCore
import Testing

@Suite("GTIN")
struct GTINTests {
    /// GS1 General Specifications 7.9.1 (check digit calculation) and other published GS1 examples.
    @Test(arguments: [
        ("629104150021", 3),  // GenSpecs figure 7.9.1-2: GTIN-13 6291041500213
        ("950600013435", 2),  // GS1 example GTIN 09506000134352 (as GTIN-13 9506000134352)
        ("0950600013435", 2),
        ("03600029145", 2),  // UPC-A 036000291452 (Wikipedia / GS1 US example)
        ("9638507", 4),  // GTIN-8 96385074
        ("37610425002123456", 9),  // SSCC (00)376104250021234569, GenSpecs example
    ])
    func publishedCheckDigits(body: String, expected: Int) {
        #expect(GTIN.checkDigit(of: body.map { Int(String($0)) ?? -1 }) == expected)
    }

    @Test(arguments: [
        ("96385074", "00000096385074"), ("036000291452", "00036000291452"),
        ("6291041500213", "06291041500213"), ("09506000134352", "09506000134352"),
    ])
    func normalisesToFourteenDigits(input: String, digits14: String) throws {
        let gtin = try GTIN(input)
        #expect(gtin.digits14 == digits14)
        #expect(try GTIN(gtin.digits14) == gtin)
    }

    @Test func printedForm() throws {
        #expect(try GTIN("96385074").printedForm == "96385074")
        #expect(try GTIN("036000291452").printedForm == "0036000291452")
        #expect(try GTIN("19506000134359").printedForm == "19506000134359")
    }

    @Test(arguments: [
        ("", CodeError.empty),
        ("12345abc", .notDigits("12345abc")),
        ("1234567", .badLength("1234567", 7)),
        ("123456789012345", .badLength("123456789012345", 15)),
        ("6291041500214", .badCheckDigit("6291041500214", expected: 3)),
        ("٣٠١٧٦٢٠٤٢٢٠٠٣", .notDigits("٣٠١٧٦٢٠٤٢٢٠٠٣")),  // Arabic-Indic digits are not GTIN digits
    ])
    func badInputIsATypedError(input: String, error: CodeError) {
        #expect(throws: error) { try GTIN(input) }
        #expect(!error.description.isEmpty)
    }

    @Test(arguments: [
        ("3017620422003", GTINPrefixKind.tradeItem),
        ("9782070360024", .isbn), ("9791032305690", .isbn), ("9790230002209", .ismn),
        ("9771144875007", .issn), ("9800000000004", .refundReceipt), ("9810000000003", .coupon),
        ("9900000000005", .coupon), ("9520000000000", .demonstration),
        ("0200000000000", .restrictedRegional), ("2000000000008", .restrictedRegional),
        ("2912345678904", .restrictedRegional), ("0400000000008", .restrictedCompany),
        ("20000004", .restrictedCompany), ("00000000", .restrictedCompany), ("96385074", .tradeItem),
        ("0300000000004", .tradeItem), ("1900000000000", .tradeItem),
    ])
    func prefixKinds(code: String, kind: GTINPrefixKind) throws {
        let gtin = try GTIN(withCheckDigit(String(code.dropLast())))
        #expect(gtin.prefixKind == kind)
        #expect(gtin.prefixKind.isRestrictedCirculation == (kind == .restrictedRegional || kind == .restrictedCompany))
    }

    /// Property: any body with its computed check digit is a valid GTIN whose 14-digit form ends with it.
    @Test func validGTINsRoundTrip() throws {
        var generator = SeededGenerator(seed: 0x5E1F_5CA7)
        for _ in 0..<2000 {
            let length = [8, 12, 13, 14].randomElement(using: &generator) ?? 13
            let code = withCheckDigit(text(generator.digits(length - 1)))
            let gtin = try GTIN(code)
            #expect(gtin.digits14.hasSuffix(code))
            #expect(gtin.digits14.count == 14)
            #expect(try GTIN(gtin.digits14) == gtin)
        }
    }

    /// Property: the mod-10 check digit catches every single-digit substitution.
    @Test func singleDigitSubstitutionsAreCaught() throws {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<300 {
            let length = [8, 12, 13, 14].randomElement(using: &generator) ?? 13
            let code = Array(withCheckDigit(text(generator.digits(length - 1))))
            for position in code.indices {
                for replacement in "0123456789" where replacement != code[position] {
                    var altered = code
                    altered[position] = replacement
                    let candidate = String(altered)
                    #expect(throws: CodeError.self) { try GTIN(candidate) }
                }
            }
        }
    }
}

@Suite("UPC-E")
struct UPCETests {
    /// One example per last-digit rule, and number system 1.
    @Test(arguments: [
        ("01234565", "012345000065"),  // d6 = 6 (5–9): NS d1..d5 0000 d6
        ("04252614", "042100005264"),  // d6 = 1 (0–2): NS d1 d2 d6 0000 d3 d4 d5
        ("01234505", "012000003455"),  // d6 = 0
        ("01234523", "012200003455"),  // d6 = 2
        ("01234531", "012300000451"),  // d6 = 3: NS d1 d2 d3 00000 d4 d5
        ("01234543", "012340000053"),  // d6 = 4: NS d1 d2 d3 d4 00000 d5
        ("11234562", "112345000062"),  // number system 1
    ])
    func expansion(upcE: String, upcA: String) throws {
        let expected = withCheckDigit(String(upcA.dropLast()))
        let input = String(upcE.dropLast()) + String(expected.last ?? "?")
        #expect(try UPCE.expand(input) == expected)
        #expect(String(expected.prefix(11)) == String(upcA.prefix(11)))
    }

    @Test func sixDigitsImplyNumberSystemZero() throws {
        #expect(try UPCE.expand("123456") == "012345000065")
        #expect(try GTIN(upcE: "123456").digits14 == "00012345000065")
    }

    @Test(arguments: [
        ("21234565", CodeError.badUPCENumberSystem("21234565")),
        ("0123456", .badUPCELength("0123456", 7)),
        ("01234566", .badCheckDigit("01234566", expected: 5)),
        ("0123456a", .notDigits("0123456a")),
        ("", .empty),
    ])
    func badUPCE(input: String, error: CodeError) {
        #expect(throws: error) { try UPCE.expand(input) }
    }
}

@Suite("ISBN-10 and EAN add-ons")
struct ISBNAndAddOnTests {
    let interpreter = CodeInterpreter()

    @Test(arguments: [("2070360024", "09782070360024"), ("080442957X", "09780804429573"), ("080442957x", "09780804429573")])
    func isbn10ToGTIN(isbn: String, digits14: String) throws {
        let gtin = try GTIN(isbn10: isbn)
        #expect(gtin.digits14 == digits14)
        #expect(gtin.prefixKind == .isbn)
        #expect(try interpreter.interpret(isbn, symbology: .ean13) == .gtin(gtin))
    }

    @Test(arguments: ["2070360025", "207036002", "20703600X4", "080442957Y"])
    func badISBN10(isbn: String) {
        #expect(throws: CodeError.badISBN10(isbn)) { try GTIN(isbn10: isbn) }
    }

    @Test func addOnsAreDropped() throws {
        let issn = try GTIN("9771144875007")
        #expect(try interpreter.interpret("]E3977114487500703") == .gtin(issn))  // ISSN + issue number 03
        #expect(try interpreter.interpret("]E3978207036002451999") == .gtin(try GTIN("9782070360024")))  // + price 51999
        #expect(try interpreter.interpret("]E2" + "51999") == .unrecognised(raw: Array("]E251999".utf8)))
        #expect(throws: CodeError.badCheckDigit("9771144875008", expected: 7)) { try interpreter.interpret("]E3977114487500803") }
    }
}
