import SelfScanCore
import Testing

@Suite("GS1 Digital Link")
struct DigitalLinkTests {
    private func ais(_ uri: String) throws -> [String: String]? { try GS1DigitalLink.parse(uri)?.dictionary }

    /// Examples from the GS1 Digital Link Standard (URI syntax).
    @Test func publishedExamples() throws {
        #expect(try ais("https://id.gs1.org/01/09520123456788") == ["01": "09520123456788"])
        #expect(try ais("https://example.com/01/09520123456788/10/ABC123/21/12345?17=180426")
            == ["01": "09520123456788", "10": "ABC123", "21": "12345", "17": "180426"])
        #expect(try ais("https://id.gs1.org/414/9520123456788/254/32a%2Fb") == ["414": "9520123456788", "254": "32a/b"])
        #expect(try ais("https://id.gs1.org/00/106141412345678908") == ["00": "106141412345678908"])
        #expect(try ais("https://example.com/01/09520123456788/22/2A/10/ABC123?3103=000195&linkType=gs1:pip")
            == ["01": "09520123456788", "22": "2A", "10": "ABC123", "3103": "000195"])
    }

    @Test func pathOrderIsKept() throws {
        let elements = try #require(try GS1DigitalLink.parse("https://x.example/01/09520123456788/10/L1/21/S1?17=251231"))
        #expect(elements.elements.map(\.ai) == ["01", "10", "21", "17"])
    }

    @Test(arguments: [
        ("https://shop.example/p/01/95201238", "00000095201238"),
        ("http://x.example/01/036000291452", "00036000291452"),
        ("HTTPS://ID.GS1.ORG/01/9520123456788", "09520123456788"),
        ("https://a.example/some/prefix/01/9520123456788/", "09520123456788"),
        ("https://a.example/01/9520123456788#fragment", "09520123456788"),
    ])
    func shortGTINsArePaddedAndPrefixesIgnored(uri: String, gtin: String) throws {
        #expect(try GS1DigitalLink.parse(uri)?.gtin?.digits14 == gtin)
        #expect(try GS1DigitalLink.parse(uri)?.value(of: "01") == gtin)
    }

    @Test func interpreterClassification() throws {
        let uri = "https://id.gs1.org/01/09520123456788/10/ABC123?3103=000500&3922=499"
        let code = try CodeInterpreter().interpret(uri)
        guard case .digitalLink(let elements, let scanned) = code else {
            Issue.record("not a digital link: \(code)")
            return
        }
        #expect(scanned == uri)
        #expect(try elements.netWeightGrams() == 500)
        #expect(try elements.price(defaultCurrency: .eur) == Money(minor: 499, currency: .eur))
        let report = try CodeReport(code)
        #expect(report.kind == "digitalLink")
        #expect(report.gtin == "09520123456788")
        #expect(report.weightGrams == 500)
        #expect(report.price == CodeReport.Price(minor: 499, currency: "EUR"))
    }

    @Test func ordinaryWebAddressesAreNotDigitalLinks() throws {
        #expect(try GS1DigitalLink.parse("https://example.com/promo/spring?x=1") == nil)
        #expect(try GS1DigitalLink.parse("https://example.com") == nil)
    }

    @Test(arguments: [
        ("https://x.example/01/09520123456789", CodeError.badAICheckDigit(ai: "01", value: "09520123456789", expected: 8)),
        ("https://x.example/01/09520123456788/10", .badDigitalLinkPath("https://x.example/01/09520123456788/10")),
        ("https://x.example/01/09520123456788/21/S/10/L", .badDigitalLinkPath("https://x.example/01/09520123456788/21/S/10/L")),
        ("https://x.example/01/09520123456788/17/251231", .badDigitalLinkPath("https://x.example/01/09520123456788/17/251231")),
        ("https://x.example/01/09520123456788/10/A%2", .badPercentEncoding("A%2")),
        ("https://x.example/01/09520123456788/10/A%ZZ", .badPercentEncoding("A%ZZ")),
        ("https://x.example/01/09520123456788/10/A%FF", .badPercentEncoding("A%FF")),
        ("https://x.example/01/09520123456788?17=251301", .badDate(ai: "17", value: "251301")),
        ("https://x.example/01/09520123456788?10=", .valueTooShort(ai: "10", minimum: 1, found: 0)),
        ("https://x.example/01/09520123456788/10/a%20b", .badCharacter(ai: "10", value: "a b")),
        ("https://x.example/01/12345", .badLength("12345", 5)),
    ])
    func badDigitalLinks(uri: String, error: CodeError) {
        if case .badLength = error {
            #expect(throws: CodeError.truncatedValue(ai: "01", expected: 14, found: 5)) { try GS1DigitalLink.parse(uri) }
            return
        }
        #expect(throws: error) { try GS1DigitalLink.parse(uri) }
    }

    @Test func percentDecoding() throws {
        #expect(try GS1DigitalLink.percentDecoded("A%2Fb%25") == "A/b%")
        #expect(try GS1DigitalLink.percentDecoded("caf%C3%A9") == "café")
    }

    @Test func builderPutsKeyAndQualifiersInThePath() throws {
        let elements = try GS1Parser.parse("(17)251231(21)S/1(01)09520123456788(10)L&1")
        let uri = try #require(GS1DigitalLink.uri(for: elements))
        #expect(uri == "https://id.gs1.org/01/09520123456788/10/L%261/21/S%2F1?17=251231")
        #expect(GS1DigitalLink.uri(for: try GS1Parser.parse("10ABC")) == nil)
    }

    /// Property: GS1 data with a GTIN, qualifiers and attributes survives URI building and parsing.
    @Test func generatedLinksRoundTrip() throws {
        var generator = SeededGenerator(seed: 11)
        let characters = Array("ABCxyz0123456789!\"%&'()*+,-./:;<=>?_")
        func randomText(_ maximum: Int) -> String {
            String((0..<Int.random(in: 1...maximum, using: &generator)).map { _ in characters.randomElement(using: &generator) ?? "A" })
        }
        for _ in 0..<500 {
            var elements = [GS1ElementString.Element(ai: "01", value: withCheckDigit("0" + text(generator.digits(12))))]
            if Bool.random(using: &generator) { elements.append(.init(ai: "10", value: randomText(20))) }
            if Bool.random(using: &generator) { elements.append(.init(ai: "21", value: randomText(20))) }
            if Bool.random(using: &generator) { elements.append(.init(ai: "3103", value: text(generator.digits(6)))) }
            if Bool.random(using: &generator) { elements.append(.init(ai: "17", value: "251231")) }
            elements.shuffle(using: &generator)
            let data = GS1ElementString(elements: elements)
            let uri = try #require(GS1DigitalLink.uri(for: data, base: "https://shop.example/p"))
            #expect(try GS1DigitalLink.parse(uri)?.dictionary == data.dictionary)
        }
    }
}
