public import Crypto
public import Foundation
public import SelfScanAPI
import Glibc
import SystemPackage

/// The store's Ed25519 keys: the active private key that signs new passes, and every public key that is
/// accepted when verifying (rotation: old keys stay trusted until removed). Verification needs no network.
///
/// Private keys live in a directory as `<keyID>.ed25519` files holding the raw 32-byte key in base64 (mode
/// 0600). The active key is the one with the greatest key id; key ids are
/// `<store>-<UTC yyyyMMddHHmmss>-<24 hex digits: 96 random bits>` (older keys have no suffix), so the newest key
/// signs and two devices (or two rotations) in the same second never share an id. A key file is created with
/// `O_EXCL`: a rotation never overwrites a key. A gate holds no private key: only `trustedKeys` from its config.
/// Two different public keys under one key id are refused (`SignedTokenError.duplicateKeyID`).
public struct SigningKeyring: Sendable {
    public struct PublicKeyEntry: Sendable, Hashable, Codable {
        public let keyID: String
        /// Raw public key, base64.
        public let publicKey: String
    }

    /// The key that signs, if this device signs.
    public let signingKeyID: String?
    private let signingKey: Curve25519.Signing.PrivateKey?
    private let verifyingKeys: [String: Curve25519.Signing.PublicKey]

    public init(
        signingKeyID: String?, signingKey: Curve25519.Signing.PrivateKey?,
        verifyingKeys: [String: Curve25519.Signing.PublicKey]
    ) {
        self.signingKeyID = signingKeyID
        self.signingKey = signingKey
        var keys = verifyingKeys
        if let signingKeyID, let signingKey { keys[signingKeyID] = signingKey.publicKey }
        self.verifyingKeys = keys
    }

    /// Every accepted public key (what `GET /v1/keys` publishes for gates).
    public var publicKeys: [PublicKeyEntry] {
        verifyingKeys.sorted { $0.key < $1.key }.map {
            PublicKeyEntry(keyID: $0.key, publicKey: $0.value.rawRepresentation.base64EncodedString())
        }
    }

    func verifyingKey(_ keyID: String) -> Curve25519.Signing.PublicKey? { verifyingKeys[keyID] }

    func sign(_ message: Data) throws(SignedTokenError) -> (keyID: String, signature: Data) {
        guard let signingKeyID, let signingKey else {
            throw .keyFile(path: "-", reason: "this device has no signing key (a gate only verifies)")
        }
        do {
            return (signingKeyID, try signingKey.signature(for: message))
        } catch {
            throw .keyFile(path: signingKeyID, reason: "signing failed: \(error)")
        }
    }

    /// Loads the private keys of `directory` (all trusted, the greatest id signs) plus `trusted` public keys.
    /// When `createIfEmpty` and the directory holds no key, generates the first one.
    public static func load(
        directory: String, trusted: [DaemonConfig.TrustedKey], store: String, createIfEmpty: Bool,
        now: Date = Date()
    ) throws(SignedTokenError) -> SigningKeyring {
        var privateKeys: [String: Curve25519.Signing.PrivateKey] = [:]
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for file in files where file.hasSuffix(".ed25519") {
            let path = "\(directory)/\(file)"
            guard let text = FileManager.default.contents(atPath: path),
                let raw = Data(base64Encoded: String(decoding: text, as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)),
                let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
            else { throw .keyFile(path: path, reason: "not a base64 raw Ed25519 private key") }
            privateKeys[String(file.dropLast(".ed25519".count))] = key
        }
        if privateKeys.isEmpty && createIfEmpty {
            let (keyID, key) = try generateKey(in: directory, store: store, now: now)
            privateKeys[keyID] = key
        }
        var verifying = privateKeys.mapValues(\.publicKey)
        var trustedIDs: Set<String> = []
        for entry in trusted {
            guard let raw = Data(base64Encoded: entry.publicKey),
                let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
            else { throw .keyFile(path: "trustedKeys/\(entry.keyID)", reason: "not a raw Ed25519 public key") }
            guard trustedIDs.insert(entry.keyID).inserted else { throw .duplicateKeyID(entry.keyID) }
            // The device's own key listed again is harmless; another key under the same id never is.
            if let existing = verifying[entry.keyID], existing.rawRepresentation != key.rawRepresentation {
                throw .duplicateKeyID(entry.keyID)
            }
            verifying[entry.keyID] = key
        }
        let active = privateKeys.keys.max()
        return SigningKeyring(
            signingKeyID: active, signingKey: active.flatMap { privateKeys[$0] }, verifyingKeys: verifying)
    }

    /// Writes a new private key `<store>-<yyyyMMddHHmmss>-<random>.ed25519` (mode 0600, never overwriting) into `directory`: the rotation
    /// step. It becomes the signing key at the next start; older keys stay accepted until their files go.
    /// Returns the key id and the base64 public key (for the gates' `trustedKeys`).
    public static func rotate(
        in directory: String, store: String, now: Date = Date()
    ) throws(SignedTokenError) -> (keyID: String, publicKey: String) {
        let (keyID, key) = try generateKey(in: directory, store: store, now: now)
        return (keyID, key.publicKey.rawRepresentation.base64EncodedString())
    }

    static func generateKey(
        in directory: String, store: String, now: Date
    ) throws(SignedTokenError) -> (keyID: String, key: Curve25519.Signing.PrivateKey) {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMddHHmmss"
        let keyID = "\(store.replacingOccurrences(of: ".", with: "_"))-\(formatter.string(from: now))-\(randomSuffix())"
        let key = Curve25519.Signing.PrivateKey()
        let path = "\(directory)/\(keyID).ed25519"
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .keyFile(path: path, reason: "\(error)")
        }
        try writeExclusively(path: path, contents: Array(key.rawRepresentation.base64EncodedString().utf8))
        return (keyID, key)
    }

    /// 96 random bits as 24 lower-case hex digits.
    static func randomSuffix() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<12).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }.joined()
    }

    /// Creates `path` (mode 0600) with `O_EXCL`: an existing key file is never replaced. The file and its
    /// directory entry are fsynced before this returns: passes signed with the key must stay verifiable after a
    /// power cut (an empty key file would leave them unverifiable).
    static func writeExclusively(path: String, contents: [UInt8]) throws(SignedTokenError) {
        let file: FileDescriptor
        do {
            file = try FileDescriptor.open(
                FilePath(path), .writeOnly, options: [.create, .exclusiveCreate, .closeOnExec],
                permissions: [.ownerReadWrite])
        } catch {
            throw .keyFile(path: path, reason: (error as? Errno) == .fileExists ? "the key file already exists" : "cannot create the file (\(error))")
        }
        do {
            try file.closeAfter {
                _ = try file.writeAll(contents)
                guard fsync(file.rawValue) == 0 else { throw Errno(rawValue: errno) }
            }
            try syncDirectory(of: path)
        } catch {
            throw .keyFile(path: path, reason: "cannot write the key (\(error))")
        }
    }

    /// fsyncs the directory holding `path`, so that a file just created there survives a power cut.
    private static func syncDirectory(of path: String) throws {
        let directory = FilePath(path).removingLastComponent()
        let handle = try FileDescriptor.open(directory.isEmpty ? "." : directory, .readOnly, options: [.directory, .closeOnExec])
        try handle.closeAfter {
            guard fsync(handle.rawValue) == 0 else { throw Errno(rawValue: errno) }
        }
    }
}
