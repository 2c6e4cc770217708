import Crypto
public import Foundation

/// Shopper session tokens: `HMAC-SHA256(secret, sessionID)` in base64url. Stateless (nothing to store, they
/// survive a restart) and scoped to one session. The secret is generated once per daemon in its data dir.
public struct SessionTokens: Sendable {
    private let key: SymmetricKey

    public init(secret: Data) { key = SymmetricKey(data: secret) }

    /// Loads `<dataDir>/session-secret` or creates it (32 random bytes, mode 0600).
    public static func load(dataDirectory: String) throws(APIError) -> SessionTokens {
        let path = "\(dataDirectory)/session-secret"
        if let data = FileManager.default.contents(atPath: path), data.count == 32 {
            return SessionTokens(secret: data)
        }
        let secret = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        guard FileManager.default.createFile(atPath: path, contents: secret, attributes: [.posixPermissions: 0o600])
        else {
            throw APIError(.internalServerError, code: "dataDir", "cannot write \(path)")
        }
        return SessionTokens(secret: secret)
    }

    public func token(for sessionID: String) -> String {
        "ss_" + Base64URL.encode(Data(HMAC<SHA256>.authenticationCode(for: Data(sessionID.utf8), using: key)))
    }

    /// Throws unless `token` is this session's token.
    public func check(_ token: String?, sessionID: String) throws(APIError) {
        guard let token, !token.isEmpty else { throw APIError.missingSessionToken }
        guard token.hasPrefix("ss_"), let mac = Base64URL.decode(token.dropFirst(3)),
            HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Data(sessionID.utf8), using: key)
        else { throw APIError.wrongSessionToken }
    }
}
