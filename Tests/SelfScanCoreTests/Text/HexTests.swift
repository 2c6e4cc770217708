import SelfScanCore
import Testing

@Suite("Hex")
struct HexTests {
    @Test("every byte as two lowercase digits, in order")
    func everyByte() {
        let bytes = (0...255).map(UInt8.init)
        let text = Hex.lowercase(bytes)
        #expect(text.count == 512)
        for byte in bytes {
            let start = text.index(text.startIndex, offsetBy: Int(byte) * 2)
            let pair = String(text[start..<text.index(start, offsetBy: 2)])
            #expect(UInt8(pair, radix: 16) == byte, "\(byte)")
            #expect(pair == pair.lowercased())
        }
        #expect(Hex.lowercase([UInt8]()) == "")
        #expect(Hex.lowercase([0x0a, 0xff, 0x00]) == "0aff00")
        // A sequence that is not an array (lazy, no count known in advance).
        #expect(Hex.lowercase((0..<3).lazy.map { UInt8($0 * 17) }) == "001122")
    }
}
