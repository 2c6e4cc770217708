import Foundation
import SelfScanDevices

/// Draws an EAN-13 (from its 13 digits) as a Y800 camera frame: black bars on white, centred, `module` px
/// per module, with the quiet zones. For camera-path tests that need a frame of a demo catalog product.
enum EAN13Frame {
    private static let left = ["0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011", "0110111", "0001011"]
    private static let parity = ["LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL"]

    /// The 95 modules, `true` = bar.
    static func modules(_ digits: String) -> [Bool] {
        let d = digits.compactMap { $0.wholeNumberValue }
        precondition(d.count == 13)
        var bits = "101"
        let pattern = Array(parity[d[0]])
        for i in 1...6 {
            let code = left[d[i]]
            bits += pattern[i - 1] == "L" ? code : String(complement(code).reversed())
        }
        bits += "01010"
        for i in 7...12 { bits += complement(left[d[i]]) }
        bits += "101"
        return bits.map { $0 == "1" }
    }

    private static func complement(_ code: String) -> String { String(code.map { $0 == "1" ? "0" : "1" }) }

    /// A `width`×`height` frame with the code centred.
    static func frame(_ digits: String, width: Int = 640, height: Int = 360, module: Int = 3) throws -> Y800Frame {
        var pixels = [UInt8](repeating: 235, count: width * height)
        let bars = modules(digits)
        let x0 = (width - bars.count * module) / 2
        let y0 = height / 4, y1 = height * 3 / 4
        for (index, bar) in bars.enumerated() where bar {
            for y in y0..<y1 {
                for x in (x0 + index * module)..<(x0 + (index + 1) * module) { pixels[y * width + x] = 20 }
            }
        }
        return try Y800Frame(width: width, height: height, stride: width, bytes: pixels)
    }

    /// The frame as a binary PGM file (what zbarimg reads).
    static func pgm(_ frame: Y800Frame) -> Data {
        var data = Data("P5\n\(frame.width) \(frame.height)\n255\n".utf8)
        data.append(contentsOf: frame.bytes)
        return data
    }
}
