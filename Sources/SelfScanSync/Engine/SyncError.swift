public import SelfScanAPI

/// Why a call to the referential failed. `isRetryable` drives the engine: transport failures and 5xx are
/// retried with backoff; 4xx answers are not (the item stays in the outbox and an alarm is raised).
public struct SyncError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// No answer: connection refused or reset, timeout, DNS.
        case transport
        /// The referential answered with an error status.
        case server
        /// The answer does not follow the protocol (bad JSON, cut catalog stream).
        case protocolViolation
    }

    public var code: Code
    /// HTTP status for `.server`.
    public var status: Int?
    /// The typed protocol error when the server sent one.
    public var protocolCode: ProtocolErrorCode?
    public var context: String

    public init(_ code: Code, status: Int? = nil, protocolCode: ProtocolErrorCode? = nil, context: String) {
        self.code = code
        self.status = status
        self.protocolCode = protocolCode
        self.context = context
    }

    public var isRetryable: Bool {
        switch code {
        case .transport, .protocolViolation: true
        case .server: (status ?? 500) >= 500 || status == 429 || status == 408
        }
    }

    /// The referential refused a request for what it carries (413 too large, 400 malformed): a smaller
    /// request, or one without the culprit, may pass. Never for a bad token or another store.
    public var refusesContent: Bool {
        code == .server && (status == 413 || status == 400)
    }

    /// The referential answered 401/403: it does not accept this device (revoked or unknown token, a token
    /// of another store, a store id that differs in case…). Retrying changes nothing until someone fixes it.
    public var isAuthenticationRefusal: Bool { code == .server && (status == 401 || status == 403) }

    public var description: String {
        var text = code.rawValue
        if let status { text += " \(status)" }
        if let protocolCode { text += " \(protocolCode.rawValue)" }
        return text + ": " + context
    }
}
