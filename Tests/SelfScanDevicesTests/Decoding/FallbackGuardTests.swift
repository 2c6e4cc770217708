import Testing
@testable import SelfScanDevices

/// The zxing-cpp fallback's false-read guard: what zxing-cpp reports becomes a symbol only when its check
/// digits / GS1 syntax hold, and in zbar's normal form.
@Suite struct FallbackGuardTests {
    static func found(_ format: Int32, _ text: String, aim: String = "") -> ZXingFallback.Found {
        ZXingFallback.Found(format: UInt32(format), aim: aim, text: Array(text.utf8), corners: [])
    }

    static func accepted(_ format: Int32, _ text: String, aim: String = "") -> DecodedSymbol? {
        FallbackGuard.accept(found(format, text, aim: aim))
    }

    @Test func eanAndUPCNeedAValidCheckDigit() {
        #expect(Self.accepted(Int32(1 << 9), "5901234123457")?.symbology == .ean13)
        #expect(Self.accepted(Int32(1 << 9), "5901234123458") == nil)
        #expect(Self.accepted(Int32(1 << 9), "590123412345") == nil)
        #expect(Self.accepted(Int32(1 << 8), "96385074")?.symbology == .ean8)
        #expect(Self.accepted(Int32(1 << 8), "96385075") == nil)
        // UPC-A and UPC-E come out in 13-digit EAN-13 form, like zbar's.
        #expect(Self.accepted(Int32(1 << 14), "036000291452")?.text == "0036000291452")
        #expect(Self.accepted(Int32(1 << 14), "036000291453") == nil)
        #expect(Self.accepted(Int32(1 << 15), "01234565")?.text == "0012345000065")
        #expect(Self.accepted(Int32(1 << 15), "01234566") == nil)
        #expect(Self.accepted(Int32(1 << 9), "59012341234A7") == nil)
    }

    @Test func itfOnlyAsITF14() {
        #expect(Self.accepted(Int32(1 << 10), "15400141288763")?.symbology == .itf)
        #expect(Self.accepted(Int32(1 << 10), "15400141288764") == nil)
        #expect(Self.accepted(Int32(1 << 10), "123456") == nil)
    }

    @Test func dataBarIsAI01AndAValidGTIN() {
        #expect(Self.accepted(Int32(1 << 5), "0100012345678905")?.text == "0100012345678905")
        #expect(Self.accepted(Int32(1 << 5), "00012345678905")?.text == "0100012345678905")
        #expect(Self.accepted(Int32(1 << 5), "0100012345678906") == nil)
    }

    @Test func gs1PayloadsMustParseAndComeBackRaw() {
        // Bracketed text becomes the raw element string, GS after a variable-length field that is not last.
        let expanded = Self.accepted(Int32(1 << 6), "(01)90012345678908(10)AB12(3103)001750")
        #expect(expanded?.payload == Array("0190012345678908".utf8) + Array("10AB12".utf8) + [0x1D] + Array("3103001750".utf8))
        #expect(expanded?.symbology == .dataBarExpanded)
        #expect(Self.accepted(Int32(1 << 6), "(01)90012345678909") == nil)  // bad GTIN check digit
        #expect(Self.accepted(Int32(1 << 6), "(99") == nil)
        #expect(Self.accepted(Int32(1 << 6), "garbage") == nil)
        #expect(Self.accepted(Int32(1 << 4), "0190012345678908", aim: "]C1")?.symbology == .gs1_128)
        #expect(Self.accepted(Int32(1 << 4), "0190012345678909", aim: "]C1") == nil)
        #expect(Self.accepted(Int32(1 << 13), "0190012345678908", aim: "]Q3")?.aim == .gs1QR)
        #expect(Self.accepted(Int32(1 << 13), "01900123456789", aim: "]Q3") == nil)
    }

    @Test func plainCode128AndQRPassAsRead() {
        #expect(Self.accepted(Int32(1 << 4), "ABC-123", aim: "]C0")?.symbology == .code128)
        #expect(Self.accepted(Int32(1 << 13), "https://example.com", aim: "]Q1")?.symbology == .qr)
    }

    @Test func unaskedFormatsAndEmptyTextAreDropped() {
        #expect(Self.accepted(Int32(1 << 7), "DataMatrix") == nil)  // DataMatrix: not a fallback format
        #expect(Self.accepted(Int32(1 << 1), "A123B") == nil)  // Codabar
        #expect(Self.accepted(Int32(1 << 9), "") == nil)
    }

    @Test func everySymbolIsMarkedAsTheFallbackPass() {
        #expect(Self.accepted(Int32(1 << 9), "5901234123457")?.pass == .zxingFallback)
    }
}
