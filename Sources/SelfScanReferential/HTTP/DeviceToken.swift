import Crypto
import Foundation
import SelfScanCore

/// Device bearer tokens: 32 random bytes as 64 hex characters with an `sst_` prefix. Only the SHA-256 of the
/// token is stored; the token itself is printed once when issued.
public enum DeviceToken {
    /// A fresh random token.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return "sst_" + Hex.lowercase(bytes)
    }

    /// The stored form: lower-case hex SHA-256 of the token's UTF-8 bytes.
    public static func hash(_ token: String) -> String {
        Hex.lowercase(SHA256.hash(data: Data(token.utf8)))
    }
}
