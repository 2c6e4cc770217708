public import Logging

/// Wraps the daemon's log handler so that text from the outside (scan payloads, badges, reasons, paths) can
/// never forge a log line or drive the terminal that shows the log: control characters (newlines, ESC,
/// DEL, C1 controls, the Unicode line separators) in the message and in metadata become visible escapes
/// (`\n`, `\u{1B}`). One place for every format (`text` and `json`).
public struct SanitizingLogHandler<Inner: LogHandler>: LogHandler {
    public var inner: Inner

    public init(_ inner: Inner) { self.inner = inner }

    public var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = LogText.clean(newValue) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue.map(LogText.clean) }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { inner.metadataProvider }
        set { inner.metadataProvider = newValue }
    }

    public func log(event: LogEvent) {
        var event = event
        event.message = Logger.Message(stringLiteral: LogText.clean("\(event.message)"))
        event.metadata = event.metadata.map(LogText.clean)
        inner.log(event: event)
    }
}

/// Escaping of untrusted text for logs and terminals.
public enum LogText {
    /// `text` with every control character written as a visible escape: `\n`, `\r`, `\t`, `\u{1B}`, …
    public static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where isControl(scalar): out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// C0 controls, DEL, C1 controls (0x9B is a one-byte CSI), and U+2028/U+2029 (line separators).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    static func clean(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): .string(clean(text))
        case .stringConvertible(let convertible): .string(clean(convertible.description))
        case .array(let values): .array(values.map(clean))
        case .dictionary(let values): .dictionary(clean(values))
        }
    }

    /// Keys and values cleaned (two keys that clean alike keep the first value).
    static func clean(_ metadata: Logger.Metadata) -> Logger.Metadata {
        Dictionary(metadata.map { (clean($0.key), clean($0.value)) }, uniquingKeysWith: { first, _ in first })
    }
}
