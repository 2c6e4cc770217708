public import SelfScanAPI

/// Why a daemon configuration was refused at start. `path` names the JSON key (`signing.trustedKeys[1].publicKey`).
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable machine-readable reason.
    public enum Code: String, Sendable, Hashable {
        case unreadableFile
        case malformedJSON
        case unknownKey
        case missingKey
        case badValue
        /// Another selfscan process holds the data directory.
        case dataDirectoryInUse
    }

    public let code: Code
    /// Where in the file: a dotted key path, empty for the whole file.
    public let path: String
    /// What is wrong and what is expected.
    public let message: String

    public init(_ code: Code, path: String, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String {
        path.isEmpty ? "config: \(message)" : "config: \(path): \(message)"
    }
}
