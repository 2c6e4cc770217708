import Crypto
public import Foundation
import Synchronization

/// Shopper session tokens: `HMAC-SHA256(secret, sessionID)` in base64url. Stateless (nothing to store, they
/// survive a restart) and scoped to one session. The secret is generated once per daemon in its data dir.
///
/// Every scan shows its token: the expected token of each recent session is kept (`ExpectedTokens`), so a
/// check is one constant-time comparison instead of an HMAC. Only tokens computed here from the key are kept,
/// never one a client sent, and the key never changes while the daemon runs (a token is never revoked: it is
/// valid as long as its session exists), so the memory answers exactly what the HMAC would.
public struct SessionTokens: Sendable {
    private let key: SymmetricKey
    private let expected = ExpectedTokens()

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
        if let known = expected.token(for: sessionID) { return known }
        let token = "ss_" + Base64URL.encode(Data(HMAC<SHA256>.authenticationCode(for: Data(sessionID.utf8), using: key)))
        expected.remember(token, for: sessionID)
        return token
    }

    /// Throws unless `token` is this session's token.
    public func check(_ token: String?, sessionID: String) throws(APIError) {
        guard let token, !token.isEmpty else { throw APIError.missingSessionToken }
        guard Self.constantTimeEqual(token, self.token(for: sessionID)) else { throw APIError.wrongSessionToken }
    }

    /// Whether `a` and `b` hold the same bytes, in a time that does not depend on where they differ.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                guard x.count == y.count else { return false }
                var difference: UInt8 = 0
                for index in 0..<x.count { difference |= x[index] ^ y[index] }
                return difference == 0
            }
        }
    }
}

/// The tokens `SessionTokens` computed lately, by session id. Beyond `capacity` entries it starts again from
/// empty (a bound on memory, not an LRU: a forgotten token costs one HMAC to compute again).
final class ExpectedTokens: Sendable {
    let capacity: Int
    private let tokens = Mutex<[String: String]>([:])

    init(capacity: Int = 10_000) { self.capacity = capacity }

    func token(for sessionID: String) -> String? { tokens.withLock { $0[sessionID] } }

    func remember(_ token: String, for sessionID: String) {
        tokens.withLock { tokens in
            if tokens.count >= capacity { tokens.removeAll(keepingCapacity: true) }
            tokens[sessionID] = token
        }
    }
}
