import Foundation
import Logging
import SelfScanServer
import Synchronization
import Testing

/// Issue 15 item 11: payload text with newlines or escape sequences forged log lines. The daemon's log handler
/// (`DaemonLogging.bootstrap` wraps every format in `SanitizingLogHandler`) keeps one event on one line.
@Suite("Log lines cannot be forged")
struct LogSanitizingTests {
    final class Sink: Sendable {
        let lines = Mutex<[String]>([])
    }

    @Test func newlinesAndEscapesStayInsideTheirEvent() {
        let sink = Sink()
        let box = sink
        let logger = Logger(label: "test") { _ in
            var inner = SanitizingLogHandler(ForwardingHandler(sink: box))
            inner.logLevel = .trace
            return inner
        }
        let forged = "3760000001052\n2026-12-04T10:00:00Z info selfscan.daemon: payment approved amount=0.00\u{1B}[2K\u{85}"
        logger.warning("unknown code \(forged)", metadata: ["payload": "\(forged)", "nested": ["k\n": .string("v\r\u{1B}")]])
        let lines = box.lines.withLock { $0 }
        #expect(lines.count == 1, "\(lines)")
        let line = lines.first ?? ""
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        #expect(line.contains("\\n2026-12-04T10:00:00Z"))
        #expect(line.contains("\\u{1B}[2K"))
        #expect(LogText.clean("plain text") == "plain text")
    }

    /// Formats like `StreamLogHandler` does (`level message key=value`) and splits what it wrote into lines.
    struct ForwardingHandler: LogHandler {
        let sink: Sink
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
            let pairs = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            let text = "\(event.level) \(event.message) \(pairs)"
            sink.lines.withLock { $0.append(contentsOf: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)) }
        }
    }
}
