import Foundation
public import Logging

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
        let line = "{" + fields.map { "\"\(JSONText.escape($0.0))\":\"\(JSONText.escape($0.1))\"" }
            .joined(separator: ",") + "}\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
