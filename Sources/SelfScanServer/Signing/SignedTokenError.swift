public import Hummingbird
public import SelfScanAPI

/// Why an exit pass or hand-off code was refused, or a key could not be used.
public enum SignedTokenError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not `<keyID>.<payload>.<signature>` in base64url, or the payload is not a pass.
    case malformed
    /// Signed with a key id this device does not trust.
    case unknownKey(String)
    /// The signature does not match: forged or altered.
    case badSignature
    /// A pass of another kind (a hand-off code shown at the gate, …).
    case wrongKind(expected: SignedPass.Kind, found: SignedPass.Kind)
    /// A pass of another store.
    case wrongStore(String)
    /// Past its expiry.
    case expired(expiredAt: Int64)
    /// Already used once (its nonce is in the ledger).
    case replayed(usedAt: Int64)
    /// Another pass of the same basket already opened the gate: a basket exits once.
    case basketAlreadyExited(usedAt: Int64)
    /// A key file could not be read or written.
    case keyFile(path: String, reason: String)
    /// Two different public keys under one key id (trusted keys, or a trusted key and an own key).
    case duplicateKeyID(String)

    /// Stable machine-readable code.
    public var code: String {
        switch self {
        case .malformed: "passMalformed"
        case .unknownKey: "passUnknownKey"
        case .badSignature: "passForged"
        case .wrongKind: "passWrongKind"
        case .wrongStore: "passWrongStore"
        case .expired: "passExpired"
        case .replayed: "passReplayed"
        case .basketAlreadyExited: "basketAlreadyExited"
        case .keyFile: "signingKeyFile"
        case .duplicateKeyID: "signingKeyDuplicate"
        }
    }

    var httpStatus: HTTPResponse.Status {
        switch self {
        case .malformed, .wrongKind: .badRequest
        case .unknownKey, .badSignature, .wrongStore: .forbidden
        case .expired: .gone
        case .replayed, .basketAlreadyExited: .conflict
        case .keyFile, .duplicateKeyID: .internalServerError
        }
    }

    public var description: String {
        switch self {
        case .malformed: "the code is not a SelfScan signed pass"
        case .unknownKey(let keyID): "the pass is signed with key '\(keyID)', which this device does not trust"
        case .badSignature: "the pass signature is invalid (forged or altered)"
        case .wrongKind(let expected, let found): "expected a \(expected.rawValue) pass, got a \(found.rawValue) pass"
        case .wrongStore(let store): "the pass belongs to store '\(store)'"
        case .expired(let at): "the pass expired at \(at) (Unix time)"
        case .replayed(let at): "the pass was already used at \(at) (Unix time)"
        case .basketAlreadyExited(let at): "this basket already left through the gate at \(at) (Unix time)"
        case .keyFile(let path, let reason): "signing key file \(path): \(reason)"
        case .duplicateKeyID(let keyID):
            "key id '\(keyID)' is trusted twice with different keys: give each key its own id (remove the stale entry)"
        }
    }
}
