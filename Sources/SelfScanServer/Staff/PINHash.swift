import Crypto
public import Foundation
import _CryptoExtras

/// A staff PIN as the config stores it: `pbkdf2-sha256$<rounds>$<salt, base64>$<32-byte key, base64>` (PBKDF2
/// with HMAC-SHA-256 and a random 16-byte salt per member). `selfscan staff-pin` prints one.
/// The legacy `pinSHA256` (SHA-256 of `<id>:<PIN>`, unsalted and fast: 10,000 PINs hash in microseconds) is
/// still read so existing config files keep working; the daemon warns at start until it is replaced.
public struct PINHash: Sendable, Hashable {
    /// OWASP-style default (the library's floor for `rounds:`).
    public static let defaultRounds = 210_000
    /// The smallest round count a config file may hold.
    public static let minimumConfigRounds = 100_000
    static let prefix = "pbkdf2-sha256"

    public let rounds: Int
    public let salt: [UInt8]
    public let key: [UInt8]

    /// Hashes `pin` with a fresh random salt. `rounds` below the default are for tests only.
    public static func make(pin: String, rounds: Int = defaultRounds) -> PINHash {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return PINHash(rounds: rounds, salt: salt, key: derive(pin: pin, salt: salt, rounds: rounds))
    }

    /// Parses the stored text form; `nil` when it is not one.
    public init?(_ text: String) {
        let parts = text.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Self.prefix, let rounds = Int(parts[1]), rounds > 0,
            let salt = Data(base64Encoded: String(parts[2])), salt.count >= 8,
            let key = Data(base64Encoded: String(parts[3])), key.count == 32
        else { return nil }
        self.init(rounds: rounds, salt: Array(salt), key: Array(key))
    }

    init(rounds: Int, salt: [UInt8], key: [UInt8]) {
        self.rounds = rounds
        self.salt = salt
        self.key = key
    }

    /// The config's text form.
    public var text: String {
        "\(Self.prefix)$\(rounds)$\(Data(salt).base64EncodedString())$\(Data(key).base64EncodedString())"
    }

    /// Whether `pin` derives this key (constant-time comparison).
    public func matches(pin: String) -> Bool {
        constantTimeEqual(Self.derive(pin: pin, salt: salt, rounds: rounds), key)
    }

    static func derive(pin: String, salt: [UInt8], rounds: Int) -> [UInt8] {
        // Only fails on invalid parameters (an output size or round count BoringSSL refuses); ours are fixed and
        // positive, so an empty key (which never matches a stored 32-byte key) is the safe answer.
        guard
            let key = try? KDF.Insecure.PBKDF2.deriveKey(
                from: Array(pin.utf8), salt: salt, using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: rounds)
        else { return [] }
        return key.withUnsafeBytes { Array($0) }
    }
}

/// Compares two byte strings in time that depends on their length only.
func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
    guard left.count == right.count else { return false }
    var difference: UInt8 = 0
    for index in left.indices { difference |= left[index] ^ right[index] }
    return difference == 0
}
