import Foundation
public import Logging

/// Process-wide logging setup for the `serve` and `demo` commands (swift-log can be bootstrapped once).
public enum DaemonLogging {
    /// Text (`2026-11-23T12:00:00Z info selfscan.daemon: message key=value`) or JSON lines on stderr; control
    /// characters of messages and metadata are escaped first (`SanitizingLogHandler`): one event, one line.
    public static func bootstrap(format: DaemonConfig.LogFormat, level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            switch format {
            case .text:
                var handler = SanitizingLogHandler(StreamLogHandler.standardError(label: label))
                handler.logLevel = level
                return handler
            case .json:
                var handler = SanitizingLogHandler(JSONLogHandler(label: label))
                handler.logLevel = level
                return handler
            }
        }
    }
}
