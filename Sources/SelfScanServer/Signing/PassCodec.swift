import Crypto
import Foundation
public import SelfScanAPI
import SelfScanCore
import SelfScanSync

/// Issues and verifies signed passes. A token is `<keyID>.<payload>.<signature>`: the payload is the
/// pass's JSON in base64url, the signature is Ed25519 over the ASCII bytes of `<keyID>.<payload>`.
/// Verification is offline: only the keyring's public keys are needed.
public struct PassCodec: Sendable {
    public let keyring: SigningKeyring
    public let store: String

    public init(keyring: SigningKeyring, store: String) {
        self.keyring = keyring
        self.store = store
    }

    /// A signed token for `pass` (what goes into the QR code after `selfscan:<kind>:`).
    public func issue(_ pass: SignedPass) throws(SignedTokenError) -> String {
        guard let json = try? ProtocolJSON.encoder().encode(pass) else { throw .malformed }
        let payload = Base64URL.encode(json)
        guard let keyID = keyring.signingKeyID else {
            throw .keyFile(path: "-", reason: "this device has no signing key (a gate only verifies)")
        }
        let (_, signature) = try keyring.sign(Data("\(keyID).\(payload)".utf8))
        return "\(keyID).\(payload).\(Base64URL.encode(signature))"
    }

    /// Checks the signature, kind, store and expiry of a token (or of a scanned `selfscan:<kind>:<token>`
    /// payload). Replay is checked by the caller's ledger: this is pure.
    public func verify(_ text: String, kind: SignedPass.Kind, now: Int64) throws(SignedTokenError) -> SignedPass {
        let token = PassCodec.stripScheme(text)
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, let json = Base64URL.decode(parts[1]),
            let signature = Base64URL.decode(parts[2])
        else { throw .malformed }
        let keyID = String(parts[0])
        guard let key = keyring.verifyingKey(keyID) else { throw .unknownKey(keyID) }
        guard key.isValidSignature(signature, for: Data("\(keyID).\(parts[1])".utf8)) else { throw .badSignature }
        guard let pass = try? ProtocolJSON.decoder().decode(SignedPass.self, from: json) else { throw .malformed }
        guard pass.kind == kind else { throw .wrongKind(expected: kind, found: pass.kind) }
        guard pass.store == store else { throw .wrongStore(pass.store) }
        guard now < pass.expiresAt else { throw .expired(expiredAt: pass.expiresAt) }
        return pass
    }

    /// `selfscan:exit:<token>` → `<token>`; a bare token is returned as is.
    static func stripScheme(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        for kind in ["exit", "handoff"] {
            let prefix = "selfscan:\(kind):"
            if trimmed.hasPrefix(prefix) { return String(trimmed.dropFirst(prefix.count)) }
        }
        return trimmed
    }

    /// A fresh random nonce (128 bits, base64url).
    static func newNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Base64URL.encode(bytes)
    }
}
