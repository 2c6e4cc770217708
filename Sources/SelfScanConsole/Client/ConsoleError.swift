public import SelfScanAPI

/// Why the console could not do what was asked: a code to switch on and the context for people.
public struct ConsoleError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// Nothing answers at the URL (refused, timed out, DNS).
        case unreachable
        /// The badge/PIN were refused (`401 badCredentials`, `403 roleNotGranted`).
        case badCredentials
        /// Staff data needs `--badge` and `--pin`.
        case missingCredentials
        /// The daemon refused a request (the daemon's `error.code` is in `daemonCode`).
        case refused
        /// The daemon answered something the console does not understand.
        case badResponse
        /// The daemon has no route for this action (older daemon or role without it).
        case unsupported
        /// The terminal cannot run the interactive console (not a tty, no terminfo).
        case terminal
        case badURL
    }

    public let code: Code
    /// The daemon's error code (`sessionNotFound`, …) when it sent one.
    public let daemonCode: String?
    public let message: String

    public init(_ code: Code, daemonCode: String? = nil, _ message: String) {
        self.code = code
        self.daemonCode = daemonCode
        self.message = message
    }

    public var description: String { message }
}
