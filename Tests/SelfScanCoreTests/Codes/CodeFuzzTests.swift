import SelfScanCore
import Testing

/// Bad input never crashes: random bytes and mutated valid payloads either interpret or throw a
/// `CodeError` whose message is not empty (typed throws guarantee the type; a trap would kill the run).
@Suite("Code interpretation fuzz")
struct CodeFuzzTests {
    static let seeds: [String] = [
        "3017620422003", "2100123012343", "01234565", "]C10109506000134352310300019510LOT\u{1D}17251231",
        "(01)09506000134352(3922)499", "https://id.gs1.org/01/09520123456788/10/A%2FB?17=251231",
        "selfscan:exit:abc", "]E3977114487500703", "080442957X", "39329781234", "4140614141000012" + "25432a/b",
    ]

    @Test func mutatedPayloads() {
        var generator = SeededGenerator(seed: 2026)
        let interpreter = CodeInterpreter()
        let alphabet: [UInt8] = Array("0123456789()%/?=&:]\u{1D}ACEQXdex-.".utf8)
        var interpreted = 0
        var refused = 0
        for _ in 0..<20_000 {
            var bytes = Array((Self.seeds.randomElement(using: &generator) ?? "").utf8)
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
                let byte = alphabet.randomElement(using: &generator) ?? 0x30
                switch Int.random(in: 0..<3, using: &generator) {
                case 0 where !bytes.isEmpty: bytes[position] = byte
                case 1: bytes.insert(byte, at: position)
                default: if !bytes.isEmpty { bytes.remove(at: position) }
                }
            }
            do {
                _ = try interpreter.interpret(bytes, symbology: nil)
                interpreted += 1
            } catch {
                #expect(!error.description.isEmpty)
                refused += 1
            }
        }
        #expect(interpreted > 0)
        #expect(refused > 0)
    }

    @Test func randomBytes() {
        var generator = SeededGenerator(seed: 99)
        let interpreter = CodeInterpreter()
        let symbologies: [AIMIdentifier?] = [nil, .ean13, .ean8, .gs1_128, .qr, .dataBar, .code39]
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...40, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            do {
                _ = try interpreter.interpret(bytes, symbology: symbologies.randomElement(using: &generator) ?? nil)
            } catch {
                #expect(!error.code.isEmpty)
            }
        }
    }
}
