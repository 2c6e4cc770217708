/// A card-hash key ("epoch"): the random salt and the PBKDF2 cost under which the referential hashes
/// loyalty card numbers. One per referential, rotatable; *not* per catalog version (rehashing millions of
/// cards per version is infeasible, and the referential does not keep the numbers). Published as the
/// catalog record `cardHashKey` so a device can hash a scanned card the same way (docs/privacy.md).
public struct CardHashKey: Sendable, Hashable, Codable, Identifiable {
    /// The key's id, named by each `LoyaltyCardHash`.
    public let id: String
    /// The salt, lower-case hex (16 random bytes).
    public let salt: String
    /// PBKDF2-HMAC-SHA256 iterations.
    public let iterations: Int

    public init(id: String, salt: String, iterations: Int) {
        self.id = id
        self.salt = salt
        self.iterations = iterations
    }
}

/// A loyalty card as a device sees it: its PBKDF2-HMAC-SHA256 hash (lower-case hex, 32 bytes) under the
/// card-hash key `keyID`.
public struct LoyaltyCardHash: Sendable, Hashable, Codable {
    public let keyID: String
    public let hash: String

    public init(keyID: String, hash: String) {
        self.keyID = keyID
        self.hash = hash
    }
}

/// Turns a card number into its hash under a key (PBKDF2 lives in an adapter: the core has no crypto).
public protocol LoyaltyCardHashing: Sendable {
    func hash(cardCode: String, key: CardHashKey) -> LoyaltyCardHash
}
