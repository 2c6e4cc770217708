/// `{"error": {"code": …, "message": …}}`: the one error shape of both APIs (the daemon's, with string codes,
/// and the referential's, with `ProtocolErrorCode`).
public struct ErrorBody<Code: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    public struct Detail: Codable, Sendable, Hashable {
        public var code: Code
        public var message: String

        public init(code: Code, message: String) {
            self.code = code
            self.message = message
        }
    }

    public var error: Detail

    public init(error: Detail) { self.error = error }

    public init(code: Code, message: String) { self.error = Detail(code: code, message: message) }
}
