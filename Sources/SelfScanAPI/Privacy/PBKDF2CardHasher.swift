import _CryptoExtras
import Crypto
import Foundation
public import SelfScanCore

/// Hashes loyalty card numbers with PBKDF2-HMAC-SHA256 (part of the contract: the referential and every
/// device must compute the same hash) under a `CardHashKey` (docs/privacy.md): the
/// referential once per card at import, a device once per scanned card. 32-byte output, lower-case hex.
public struct PBKDF2CardHasher: LoyaltyCardHashing {
    /// Iterations of a new key: about 40 ms per hash on the reference machine in a release build
    /// (docs/privacy.md has the measurement and the enumeration arithmetic).
    public static let defaultIterations = 160_000

    public init() {}

    public func hash(cardCode: String, key: CardHashKey) -> LoyaltyCardHash {
        let salt = Self.bytes(hex: key.salt) ?? Array(key.salt.utf8)
        // Only an iteration count below 1 can make BoringSSL fail; keys are checked when created and read.
        let derived = try? KDF.Insecure.PBKDF2.deriveKey(
            from: Array(Self.normalised(cardCode).utf8), salt: salt, using: .sha256, outputByteCount: 32,
            unsafeUncheckedRounds: max(1, key.iterations))
        let hex = derived.map { $0.withUnsafeBytes { Self.hex(Array($0)) } } ?? ""
        return LoyaltyCardHash(keyID: key.id, hash: hex)
    }

    /// A new key: 16 random bytes of salt (`SystemRandomNumberGenerator`, the OS's CSPRNG).
    public static func newKey(iterations: Int = defaultIterations) -> CardHashKey {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let id = (0..<4).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return CardHashKey(id: "k-" + hex(id), salt: hex(salt), iterations: max(1, iterations))
    }

    /// What is hashed: the card as scanned, without surrounding spaces.
    static func normalised(_ card: String) -> String { card.trimmingCharacters(in: .whitespacesAndNewlines) }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func bytes(hex: String) -> [UInt8]? {
        let chars = Array(hex.utf8)
        guard chars.count % 2 == 0, !chars.isEmpty else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < chars.count {
            guard let high = nibble(chars[index]), let low = nibble(chars[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 97...102: c - 87
        case 65...70: c - 55
        default: nil
        }
    }
}
