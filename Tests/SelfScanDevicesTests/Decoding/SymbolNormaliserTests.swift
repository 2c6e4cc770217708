import Testing
@testable import SelfScanDevices

/// zbar's traps, repaired: ISBN/UPC forms, add-ons, Code 39 variants, GS1 modifiers.
@Suite struct SymbolNormaliserTests {
    static func raw(_ type: Int, _ text: String, modifiers: UInt32 = 0, at x: Int = 0, components: [RawSymbol] = []) -> RawSymbol {
        RawSymbol(
            type: type, modifiers: modifiers, data: Array(text.utf8), quality: 1,
            location: [PixelPoint(x: x, y: 10), PixelPoint(x: x + 100, y: 10)], orientation: 0, components: components)
    }

    static func normalise(_ raws: [RawSymbol]) -> [DecodedSymbol] {
        SymbolNormaliser.normalise(raws, pass: .plain, mapBack: { $0 })
    }

    @Test(arguments: [
        ("0123456", "0012345000065"),  // UPC-E, last digit 6 → manufacturer 5 digits
        ("01234505", "0012000003455"),  // last digit 0–2: manufacturer digits split
        ("04252614", "0042100005264"),  // the textbook example (UPC-A 042100005264)
        ("01234133", "0012300000413"),  // x3 pattern
        ("01234145", "0012340000015"),  // x4 pattern
    ])
    func upcEExpandsToThirteenDigits(_ upce: String, _ expected: String) {
        let expanded = UPCExpansion.ean13(fromUPCE: Array(upce.utf8)).map { String(decoding: $0, as: UTF8.self) }
        #expect(expanded == expected)
    }

    @Test func upcEWithWrongCheckDigitIsRejected() {
        #expect(UPCExpansion.ean13(fromUPCE: Array("01234501".utf8)) == nil)
    }

    @Test func upcEOfNumberSystemOneWithoutCheckDigitIsRejected() {
        // 7 digits carry no check digit: only number system 0 (the 6-digit form) can be expanded safely.
        #expect(UPCExpansion.ean13(fromUPCE: Array("1234565".utf8)) == nil)
        #expect(UPCExpansion.ean13(fromUPCE: Array("12345656".utf8)).map { String(decoding: $0, as: UTF8.self) }
            == "0123456000056")
    }

    @Test func isbn10WithWrongCheckDigitIsRejected() {
        #expect(UPCExpansion.ean13(fromISBN10: Array("0441014985".utf8)) == nil)
        #expect(UPCExpansion.ean13(fromISBN10: Array("044101498X".utf8)) == nil)
    }

    @Test func isbnAndUPCAReportsBecomeEAN13() {
        #expect(Self.normalise([Self.raw(10, "0441014984")]).map(\.text) == ["9780441014989"])
        #expect(Self.normalise([Self.raw(14, "9780441014989")]).map(\.symbology) == [.ean13])
        let upca = Self.normalise([Self.raw(12, "023942431015")])
        #expect(upca.map(\.text) == ["0023942431015"])
        #expect(upca.first?.symbology == .upcA)
        #expect(Self.normalise([Self.raw(13, "0023942431015")]).first?.symbology == .upcA)
    }

    @Test func addOnIsAppendedWithE3() {
        let composite = Self.raw(15, "978073520044951299", components: [Self.raw(13, "9780735200449"), Self.raw(5, "51299")])
        let symbols = Self.normalise([composite])
        #expect(symbols.map(\.text) == ["978073520044951299"])
        #expect(symbols.first?.aim.value == "]E3")
        // zbar reporting the two separately, side by side: merged the same way.
        let separate = Self.normalise([Self.raw(13, "9780735200449", at: 0), Self.raw(5, "51299", at: 60)])
        #expect(separate.map(\.text) == ["978073520044951299"])
    }

    @Test func ean8InsideAnEAN13IsDropped() {
        let symbols = Self.normalise([Self.raw(13, "5901234123457", at: 0), Self.raw(8, "12345670", at: 40)])
        #expect(symbols.map(\.symbology) == [.ean13])
        let apart = Self.normalise([Self.raw(13, "5901234123457", at: 0), Self.raw(8, "12345670", at: 400)])
        #expect(apart.count == 2)
    }

    @Test func code39Recoveries() {
        #expect(Code39Recovery.recover(Array("+E+X+T".utf8)).payload == Array("ext".utf8))
        #expect(Code39Recovery.recover(Array("EXTENDED/A/O".utf8)).payload == Array("EXTENDED!/".utf8))
        let plain = Code39Recovery.recover(Array("ABC+".utf8))  // dangling shift: not full ASCII
        #expect(plain.payload == Array("ABC+".utf8))
        #expect(plain.aim.value == "]A0")
        #expect(Code39Recovery.recover(Array("-12345678".utf8)).symbology == .pzn)
        #expect(Code39Recovery.recover(Array("-12345679".utf8)).symbology == .code39)
        #expect(Code39Recovery.recover(Array("3PRM8N".utf8)).payload == Array("A123456788".utf8))
        #expect(Code39Recovery.recover(Array("3PRM8N".utf8)).symbology == .code32)
    }

    @Test func gs1ModifierSetsGS1AIMs() {
        let code128 = Self.normalise([Self.raw(128, "0112345678901231\u{1D}10ABC", modifiers: 1)])
        #expect(code128.first?.symbology == .gs1_128)
        #expect(code128.first?.aim == .gs1_128)
        #expect(Self.normalise([Self.raw(64, "01123", modifiers: 1)]).first?.aim == .gs1QR)
        #expect(Self.normalise([Self.raw(128, "ABC")]).first?.aim == .code128)
    }

    @Test func payloadTextDecodesShiftJISAndLatin1() {
        #expect(PayloadText.decode(Array("héllo".utf8)) == "héllo")
        #expect(PayloadText.decode([0x93, 0xFA, 0x96, 0x7B]) == "日本")  // Shift-JIS
        #expect(PayloadText.decode([0x41, 0xFF]) == "Aÿ")  // not SJIS: Latin-1
    }
}
