import Foundation
public import Logging
import SelfScanAPI

/// One JSON object per line on stderr: `{"ts":…,"level":…,"label":…,"msg":…,<metadata>…}` — for journald
/// or a log shipper. Metadata values are strings.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public let label: String

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [(String, String)] = [
            ("ts", ISO8601DateFormatter().string(from: Date())), ("level", event.level.rawValue), ("label", label),
            ("msg", "\(event.message)"),
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) { fields.append((key, "\(value)")) }
        FileHandle.standardError.write(Data(Self.line(fields)))
    }

    /// One log line: the fields in order as a JSON object of strings, escaped as the protocol's encoder escapes.
    static func line(_ fields: [(String, String)]) -> [UInt8] {
        var line: [UInt8] = [UInt8(ascii: "{")]
        for (index, (key, value)) in fields.enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            JSONStringEscaping.append(key, to: &line)
            line.append(UInt8(ascii: ":"))
            JSONStringEscaping.append(value, to: &line)
        }
        line.append(contentsOf: [UInt8(ascii: "}"), UInt8(ascii: "\n")])
        return line
    }
}
