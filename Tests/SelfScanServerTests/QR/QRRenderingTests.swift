import SelfScanDevices
import Testing

@testable import SelfScanServer

/// The QR renderer: libqrencode builds the symbol, the SVG draws exactly its modules, and zbar reads the
/// payload back from a rasterised frame.
@Suite("QR rendering")
struct QRRenderingTests {
    static let payloads = [
        "selfscan:exit:k2026a.eyJrIjoiZXhpdCIsInN0IjoiMDQyIiwicyI6IjdGM0EifQ.c2lnbmF0dXJl",
        "selfscan:handoff:k1.e30.AAAA",
        "HELLO 0123456789",
    ]

    @Test("zbar decodes the rendered symbol back to its payload", arguments: payloads)
    func decodesBack(payload: String) throws {
        let matrix = try QREncoder.encode(payload)
        let (side, pixels) = matrix.greyscale(scale: 4)
        let frame = try Y800Frame(width: side, height: side, stride: side, bytes: pixels)
        let symbols = try BarcodeDecoder().decodeBlocking(frame: frame)
        let symbol = try #require(symbols.first, "zbar found no symbol")
        #expect(symbols.count == 1)
        #expect(symbol.symbology == .qr)
        #expect(symbol.payload == Array(payload.utf8))
    }

    @Test("the SVG path covers exactly the dark modules", arguments: payloads)
    func svgMatchesMatrix(payload: String) throws {
        let matrix = try QREncoder.encode(payload, level: .quartile)
        let quietZone = 4
        let svg = QRSVGRenderer(quietZone: quietZone).render(matrix, title: "pass <1>")
        let side = matrix.size + 2 * quietZone
        #expect(svg.contains("viewBox=\"0 0 \(side) \(side)\""))
        #expect(svg.contains("<title>pass &lt;1&gt;</title>"))

        let pathStart = try #require(svg.range(of: " d=\""))
        let pathEnd = try #require(svg[pathStart.upperBound...].firstIndex(of: "\""))
        let path = svg[pathStart.upperBound..<pathEnd]
        var drawn = [Bool](repeating: false, count: matrix.size * matrix.size)
        for run in path.split(separator: "z") {
            // "M<x> <y>h<n>v1h-<n>"
            let numbers = run.dropFirst().split(whereSeparator: { " hv-".contains($0) }).compactMap { Int($0) }
            try #require(numbers.count == 5)
            let (x, y, length) = (numbers[0] - quietZone, numbers[1] - quietZone, numbers[2])
            for column in x..<(x + length) {
                #expect(drawn[y * matrix.size + column] == false, "each module is drawn once")
                drawn[y * matrix.size + column] = true
            }
        }
        #expect(drawn == matrix.modules)
    }

    @Test("symbol size follows the version libqrencode chose")
    func sizeAndVersion() throws {
        let small = try QREncoder.encode("A")
        #expect(small.version == 1)
        #expect(small.size == 21)
        let large = try QREncoder.encode(String(repeating: "x", count: 600), level: .high)
        #expect(large.size == 17 + 4 * large.version)
        #expect(large.version > small.version)
        // Finder pattern: the top-left 7×7 square has a dark border and a light ring.
        #expect(small[0, 0] && small[0, 6] && small[6, 0] && small[6, 6])
        #expect(!small[1, 1] && !small[5, 5])
        #expect(!small[-1, 0] && !small[0, 21])
    }

    @Test("bad payloads are refused with a typed error")
    func refusals() {
        #expect(throws: QREncodingError(code: .invalidInput, errno: 0, payloadLength: 0)) {
            try QREncoder.encode("")
        }
        let tooLong = String(repeating: "y", count: QREncoder.maximumPayloadLength + 1)
        #expect(throws: QREncodingError(code: .payloadTooLarge, errno: 0, payloadLength: tooLong.utf8.count)) {
            try QREncoder.encode(tooLong)
        }
    }
}
