import FoundationEssentials
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

    @Test("a UUID's canonical upper-case text, the same as Foundation's")
    func uuidText() {
        var uuids = (0..<500).map { _ in UUID() }
        uuids.append(UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        uuids.append(UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)))
        uuids.append(UUID(uuid: (0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0xFE, 0xDC, 0xBA, 0x98, 0x76, 0x54, 0x32, 0x10)))
        for uuid in uuids {
            #expect(Hex.uuidUppercase(uuid) == uuid.uuidString)
            #expect(LineID(uuid: uuid).uuidString == uuid.uuidString)
            #expect(SessionID(uuid: uuid).description == uuid.uuidString)
        }
        #expect(Hex.uuidUppercase(uuids[uuids.count - 1]) == "01234567-89AB-CDEF-FEDC-BA9876543210")
    }
}
