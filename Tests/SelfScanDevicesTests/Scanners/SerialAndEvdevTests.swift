import Foundation
import Glibc
import SelfScanCore
import Testing
@testable import SelfScanDevices

@Suite struct EvdevKeyTranslatorTests {
    @Test func keyCodesBecomeHIDUsagesWithModifiers() {
        var translator = EvdevKeyTranslator()
        var inputs: [KeyboardInput] = []
        inputs += translator.translate(type: 1, code: 42, value: 1)  // KEY_LEFTSHIFT down
        inputs += translator.translate(type: 1, code: 11, value: 1)  // KEY_0
        inputs += translator.translate(type: 1, code: 11, value: 2)  // autorepeat: ignored
        inputs += translator.translate(type: 1, code: 11, value: 0)
        inputs += translator.translate(type: 1, code: 42, value: 0)
        inputs += translator.translate(type: 1, code: 16, value: 1)  // KEY_Q
        inputs += translator.translate(type: 4, code: 4, value: 458_771)  // EV_MSC scan code: ignored
        #expect(inputs == [.modifiers(.leftShift), .press(usage: 0x27, modifiers: .leftShift), .modifiers([]),
                           .press(usage: 0x14, modifiers: [])])
        #expect(translator.translate(type: 0, code: 3, value: 0).count == 1)  // SYN_DROPPED: fault
        guard case .fault(let error)? = translator.translate(type: 1, code: 240, value: 1).first else {
            Issue.record("unknown key code must be a fault")
            return
        }
        #expect(error.code == .unmappedKey)
    }
}

@Suite struct SerialLineDecoderTests {
    static let ms: UInt64 = 1_000_000

    @Test func linesWithCRLFAndAIM() {
        var decoder = SerialLineDecoder(terminator: .enter, framing: ScanFraming(aimTransmitted: true))
        let outputs = decoder.handle(bytes: Array("]E05901234123457\r\n]C10103012345678900".utf8) + [0x1D]
                                     + Array("10ABC\r\n".utf8), at: 0)
        #expect(outputs.map(\.summary) == ["]E05901234123457", "]C10103012345678900\u{1D}10ABC"])
    }

    @Test func partialLineAndGarbageAreErrors() {
        var decoder = SerialLineDecoder(terminator: .enter, interByteTimeoutMillis: 100)
        #expect(decoder.handle(bytes: Array("59012".utf8), at: 0).isEmpty)
        #expect(decoder.tick(at: 150 * Self.ms).map(\.summary) == ["error:partialScan"])
        // The tail of that line, arriving inside the resync window, is dropped up to its terminator.
        #expect(decoder.handle(bytes: Array("34123457\r".utf8), at: 160 * Self.ms).isEmpty)
        // Wrong baud rate: bytes that are no text.
        #expect(decoder.handle(bytes: [0xF8, 0x80, 0x0D], at: 800 * Self.ms).map(\.summary) == ["error:malformedReport"])
        #expect(decoder.handle(bytes: Array("123\t456\n".utf8), at: 900 * Self.ms).map(\.summary) == ["123\t456"])
    }

    /// The real termios reader on a pseudo-terminal: raw mode, exclusive, line framing, hang-up reported.
    @Test func serialReaderOnAPseudoTerminal() async throws {
        var master: Int32 = -1, slave: Int32 = -1
        var name = [CChar](repeating: 0, count: 128)
        #expect(openpty(&master, &slave, &name, nil, nil) == 0)
        let path = String(cString: name)
        close(slave)
        let profile = ScannerProfile(id: "s", name: "s", vendorID: nil, productID: nil, protocol: .cdcACM,
                                     suffix: .enter, aimTransmitted: true, interKeyTimeoutMillis: 200)
        let reader = SerialScannerReader(path: path, profile: profile)
        try reader.start()
        defer { reader.stop() }
        let bytes = Array("]E05901234123457\r\n".utf8) + [0xFF, 0xFE, 0x0D] + Array("]E496385074\r".utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
        var seen: [String] = []
        for await event in reader.events {
            switch event {
            case .data(let scan): seen.append((scan.symbology?.value ?? "") + (scan.text ?? "?"))
            case .error(_, let error): seen.append("error:\(error.code.rawValue)")
            case .attached: seen.append("attached")
            case .detached: seen.append("detached")
            }
            if seen.count == 4 { close(master) }  // unplug: the reader reports the hang-up
            if seen.count >= 6 { break }
        }
        #expect(Array(seen.prefix(6)) == ["attached", "]E05901234123457", "error:malformedReport", "]E496385074",
                                          "detached", "error:disconnected"])
    }
}
