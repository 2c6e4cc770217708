import Foundation
public import SelfScanAPI
public import SelfScanCore

/// Card numbers become salted PBKDF2 hashes the moment they reach the referential (docs/privacy.md): an
/// import file may carry cards in clear (catalog format v1), what is stored and published never does.
extension SQLReferentialStore {
    /// Every card-hash key, oldest first.
    func cardHashKeys() async throws -> [CardHashKey] {
        try await backend.read { session in try await Self.cardHashKeys(in: session) }
    }

    static func cardHashKeys(in session: any SQLSession) async throws -> [CardHashKey] {
        try await session.rows("SELECT id, salt, iterations FROM card_hash_keys ORDER BY created_at, id").map {
            CardHashKey(id: try RowDecoding.text($0, 0), salt: try RowDecoding.text($0, 1),
                        iterations: Int(try RowDecoding.int($0, 2)))
        }
    }

    /// The key new cards are hashed with: the unretired one, created (random salt) when there is none.
    ///
    /// Atomic across concurrent creators (two imports, two referential nodes starting): at most one key is
    /// unretired (`card_hash_keys_one_current`), so a creator that loses the race inserts nothing and reads
    /// back the winner's key, in the same transaction (PostgreSQL's insert waits for the winner's commit;
    /// READ COMMITTED then lets the next statement see it). Every card is hashed under one key.
    func currentCardHashKey() async throws -> CardHashKey {
        let fresh = PBKDF2CardHasher.newKey(iterations: cardHashIterations)
        return try await backend.transaction { session in
            if let existing = try await Self.unretiredCardHashKey(in: session) { return existing }
            try await session.rows(
                """
                INSERT INTO card_hash_keys (id, salt, iterations, created_at)
                    VALUES (\(fresh.id), \(fresh.salt), \(Int64(fresh.iterations)), \(ProtocolJSON.text(of: Date())))
                    ON CONFLICT DO NOTHING
                """)
            guard let current = try await Self.unretiredCardHashKey(in: session) else {
                throw ReferentialError(.database, "no card-hash key after creating one")
            }
            return current
        }
    }

    static func unretiredCardHashKey(in session: any SQLSession) async throws -> CardHashKey? {
        let rows = try await session.rows(
            "SELECT id, salt, iterations FROM card_hash_keys WHERE retired = 0 ORDER BY created_at DESC, id DESC")
        return try rows.first.map { row in
            CardHashKey(id: try RowDecoding.text(row, 0), salt: try RowDecoding.text(row, 1),
                        iterations: Int(try RowDecoding.int(row, 2)))
        }
    }

    /// The records with every card in clear hashed under the current key (which is published with them).
    /// Hashing runs on every core: about 40 ms of CPU per card (docs/privacy.md).
    func hashingClearCards(_ records: [CatalogRecord]) async throws -> [CatalogRecord] {
        let clear = records.indices.filter {
            if case .customer(let customer) = records[$0] { !customer.cardCodes.isEmpty } else { false }
        }
        guard !clear.isEmpty else { return records }
        let key = try await currentCardHashKey()
        let cards: [(index: Int, code: String)] = clear.flatMap { index -> [(index: Int, code: String)] in
            guard case .customer(let customer) = records[index] else { return [] }
            return customer.cardCodes.map { (index: index, code: $0) }
        }
        let hashes = Self.hashConcurrently(cards.map(\.code), key: key)
        var byRecord: [Int: [LoyaltyCardHash]] = [:]
        for (offset, card) in cards.enumerated() { byRecord[card.index, default: []].append(hashes[offset]) }
        var result: [CatalogRecord] = [.cardHashKey(key)]
        for (index, record) in records.enumerated() {
            if case .customer(let customer) = record, let added = byRecord[index] {
                result.append(.customer(customer.replacingCards(with: customer.cardHashes + added)))
            } else {
                result.append(record)
            }
        }
        return result
    }

    static func hashConcurrently(_ codes: [String], key: CardHashKey) -> [LoyaltyCardHash] {
        let hasher = PBKDF2CardHasher()
        let results = HashResults(count: codes.count)
        DispatchQueue.concurrentPerform(iterations: codes.count) { index in
            results.set(index, hasher.hash(cardCode: codes[index], key: key))
        }
        return results.values
    }

    /// A referential written before card hashing holds customers with cards in clear: republish them hashed
    /// (the clear documents are overwritten in place; run at every `migrate()`, a no-op once done).
    func hashLegacyClearCards() async throws {
        let legacy = try await backend.read { session in
            try await session.rows(
                """
                SELECT document FROM catalog_records WHERE record_type = 'customer' AND deleted = 0
                    AND document LIKE \("%\"cardCodes\"%")
                """
            ).map { try RowDecoding.record(try RowDecoding.text($0, 0)) }
        }
        guard !legacy.isEmpty else { return }
        _ = try await publish(legacy, note: "cards hashed (privacy)")
        try await backend.transaction { session in
            try await session.rows("DELETE FROM customer_cards WHERE card NOT LIKE \("%:%")")
        }
    }
}

/// Results written by index from `concurrentPerform` workers: each index is written once, under the lock.
private final class HashResults: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [LoyaltyCardHash?]

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: LoyaltyCardHash) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }

    var values: [LoyaltyCardHash] {
        lock.lock()
        defer { lock.unlock() }
        return storage.map { $0 ?? LoyaltyCardHash(keyID: "", hash: "") }
    }
}

extension SQLReferentialStore {
    /// Starts a new card-hash epoch: a new random key hashes every card created or imported from now on and
    /// is published (devices hash a scan under each key they hold). Cards hashed under older keys stay valid
    /// until the loyalty system re-imports them: the referential has no card number to rehash.
    public func rotateCardHashKey() async throws -> (key: CardHashKey, version: CatalogVersion) {
        let fresh = PBKDF2CardHasher.newKey(iterations: cardHashIterations)
        let version = try await backend.transaction { session in
            // One unretired key at a time (`card_hash_keys_one_current`): retire the others, then add it.
            try await session.rows("UPDATE card_hash_keys SET retired = 1 WHERE retired = 0")
            try await session.rows(
                """
                INSERT INTO card_hash_keys (id, salt, iterations, created_at)
                    VALUES (\(fresh.id), \(fresh.salt), \(Int64(fresh.iterations)),
                    \(ProtocolJSON.text(of: Date().addingTimeInterval(0.001))))
                """)
            return try await Self.publish(
                [try StoredRecord(.cardHashKey(fresh))], note: "card-hash key rotated", in: session)
        }
        return (fresh, version)
    }
}
