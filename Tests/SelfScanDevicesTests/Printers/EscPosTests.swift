import SelfScanDevices
import Testing

/// The receipt byte stream: compared with python-escpos 3.1's Dummy printer for the same commands (constants
/// printed by scripts/escpos-reference.py), and rendered back to what the paper says.
@Suite("ESC/POS document")
struct EscPosTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format2: $0) }.joined() }

    @Test("native QR (GS ( k), cut, bold and CP1252 text match python-escpos byte for byte")
    func matchesPythonEscpos() {
        var qr = EscPosDocument()
        qr.qr("selfscan:exit:ABC", moduleSize: 3, correction: .low)
        #expect(
            Self.hex(qr.bytes)
                == "1d286b0400314132001d286b03003143031d286b03003145301d286b140031503073656c667363616e3a657869743a4142431d286b0300315130"
        )
        var cut = EscPosDocument()
        cut.cut()
        #expect(Self.hex(cut.bytes) == "1d564200")
        var bold = EscPosDocument()
        bold.bold(true)
        bold.bold(false)
        #expect(Self.hex(bold.bytes) == "1b45011b4500")
        // python-escpos: `charcode("CP1252")` is `ESC t 16`; then the text.
        var text = EscPosDocument()
        text.initialize()
        text.line("Œufs frais é à ç €")
        #expect(Self.hex(Array(text.bytes.dropFirst(2))) == "1b74108c75667320667261697320e920e020e720800a")
    }

    @Test("a receipt renders to the text on the paper: bold double-size total, QR, cut")
    func rendersReceipt() throws {
        var document = EscPosDocument()
        document.initialize()
        document.align(.center)
        document.line("Hypermarché démo")
        document.align(.left)
        document.line("Œufs plein air x6      3,20 €")
        document.bold(true)
        document.size(width: 2, height: 2)
        document.line("TOTAL 3,20 €")
        document.size(width: 1, height: 1)
        document.bold(false)
        document.qr("selfscan:exit:TOKEN")
        document.cut()
        let paper = try EscPosTextRenderer.render(document.bytes)
        #expect(
            paper == [
                "Hypermarché démo", "Œufs plein air x6      3,20 €", "**[2x]TOTAL 3,20 €", "**", "[QR:selfscan:exit:TOKEN]",
                "--- cut ---",
            ])
    }

    @Test("a character CP1252 lacks prints as '?', never as a wrong letter")
    func unknownCharacter() {
        #expect(CP1252.encode("€ ✓ ß") == [0x80, 0x20, 0x3F, 0x20, 0xDF])
    }

    @Test("promotion names' minus sign (U+2212) and narrow no-break space print as '-' and a no-break space")
    func standIns() {
        #expect(CP1252.encode("Lessive −25\u{202F}%") == Array("Lessive -25".utf8) + [0xA0, 0x25])
    }

    @Test("an unknown command in the stream is reported, not skipped")
    func unknownCommand() {
        #expect(throws: EscPosTextRenderer.UnknownCommand.self) { try EscPosTextRenderer.render([0x41, 0x1B, 0x99, 0x00]) }
    }
}

extension String {
    fileprivate init(format2 byte: UInt8) {
        let digits = String(byte, radix: 16)
        self = digits.count == 1 ? "0" + digits : digits
    }
}
