import Foundation
import SelfScanAPI
import Testing

/// The hand-written JSON writers must stay byte for byte what the protocol's encoder writes.
@Suite("JSON string escaping, as the protocol encoder writes it")
struct JSONStringEscapingTests {
    static let samples: [String] = [
        "", "plain", "\"quoted\"", "back\\slash", "a/b", "tab\there", "new\nline\r", "\u{0}\u{1}\u{8}\u{c}\u{1f}",
        "é café €", "emoji 🛒 end", "\"", "\\", "ends with control\u{7}", "\u{7f} del stays",
        String(repeating: "long run without escapes ", count: 40) + "\"tail\"",
    ]

    @Test("every sample: the same bytes as ProtocolJSON's encoder", arguments: samples)
    func sameBytesAsTheEncoder(text: String) throws {
        var bytes: [UInt8] = [0x5B]  // appended after what is there
        JSONStringEscaping.append(text, to: &bytes)
        let encoded = try ProtocolJSON.sharedEncoder.encode(text)
        #expect(bytes == [0x5B] + Array(encoded))
    }
}
