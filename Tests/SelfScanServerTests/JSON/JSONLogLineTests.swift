import Foundation
@testable import SelfScanServer
import Testing

@Suite("JSON log lines")
struct JSONLogLineTests {
    /// A log message carries whatever a client sent (a scanned code, a header): quotes, backslashes and control
    /// characters must still give one parseable JSON object on one line.
    @Test func hostileTextStaysOneParseableLine() throws {
        let message = "scan \"12\\34\"\n\u{1}\u{8}\u{c}\tfin é €"
        let line = JSONLogHandler.line([("msg", message), ("weird \"key\"", "\r")])
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(line.dropLast().contains(UInt8(ascii: "\n")) == false)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: String])
        #expect(object == ["msg": message, "weird \"key\"": "\r"])
    }
}
