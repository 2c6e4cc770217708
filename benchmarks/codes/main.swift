// Throughput of CodeInterpreter on a mixed set of payloads. Built by scripts/bench-codes together with the
// SelfScanCore sources (swiftc -O, one module), so it measures optimised code without a release build of
// the whole package.

@main
struct CodeBenchmark {
    static func main() throws {
        let interpreter = CodeInterpreter()
        let payloads: [(String, [UInt8], AIMIdentifier?)] = [
            ("EAN-13", Array("3017620422003".utf8), .ean13),
            ("variable measure (21, weight)", Array("2100123012343".utf8), .ean13),
            ("UPC-E", Array("01234565".utf8), .ean13),
            ("GS1-128 (01)(3103)(10)(17)", Array("]C10109506000134352310300019510LOT42\u{1D}17251231".utf8), nil),
            ("GS1 Digital Link", Array("https://id.gs1.org/01/09520123456788/10/ABC123?17=251231".utf8), nil),
            ("selfscan:exit QR", Array("selfscan:exit:eyJiIjoiMSJ9.c2lnbmF0dXJl".utf8), nil),
        ]
        let iterations = 200_000
        let clock = ContinuousClock()
        print("| payload | interpretations/s | µs each |")
        print("|---------|------------------:|--------:|")
        for (name, payload, symbology) in payloads {
            _ = try interpreter.interpret(payload, symbology: symbology)
            var sink = 0
            let elapsed = try clock.measure {
                for _ in 0..<iterations {
                    if case .gtin = try interpreter.interpret(payload, symbology: symbology) { sink += 1 }
                }
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let perSecond = Double(iterations) / seconds
            let micros = seconds / Double(iterations) * 1e6
            print("| \(name) | \(Int(perSecond)) | \((micros * 100).rounded() / 100) |" + (sink < 0 ? "!" : ""))
        }
    }
}
