public import Foundation
public import Logging
public import SelfScanAPI
public import SelfScanCore

/// The referential's store, written once over `SQLBackend`: the same statements run on SQLite (embedded
/// default) and PostgreSQL (production), so both backends behave the same.
public struct SQLReferentialStore: ReferentialStore {
    public let backend: any SQLBackend
    /// PBKDF2 iterations of a new card-hash key (docs/privacy.md); tests lower it.
    public var cardHashIterations: Int

    public init(backend: any SQLBackend, cardHashIterations: Int = PBKDF2CardHasher.defaultIterations) {
        self.backend = backend
        self.cardHashIterations = cardHashIterations
    }

    /// A store over the SQLite file at `path`.
    public static func sqlite(path: String) throws -> SQLReferentialStore {
        SQLReferentialStore(backend: try SQLiteBackend(path: path))
    }

    public func migrate() async throws {
        try await backend.migrate(ReferentialSchema.migrations)
        try await hashLegacyClearCards()
    }

    /// Identifiers of the schema migrations this database has applied (`0001-baseline`, …), in order.
    public func appliedMigrations() async throws -> [String] {
        try await backend.appliedMigrations()
    }

    /// Identifiers of every migration this build knows, in order.
    public static var knownMigrations: [String] { ReferentialSchema.migrations.map(\.identifier) }

    // MARK: Stores and devices

    public func createStore(_ store: StoreRecord) async throws {
        let created = try await backend.transaction { session in
            try await session.rows(
                """
                INSERT INTO stores (id, name, price_conflict_rule, created_at)
                    VALUES (\(store.id.rawValue), \(store.name), \(store.priceConflictRule.rawValue),
                    \(ProtocolJSON.text(of: Date())))
                ON CONFLICT (id) DO NOTHING RETURNING id
                """)
        }
        guard created.count == 1 else { throw ReferentialError(.storeExists, store.id.rawValue) }
    }

    public func stores() async throws -> [StoreRecord] {
        try await backend.read { session in
            try await session.rows(
                "SELECT id, name, price_conflict_rule FROM stores ORDER BY id").map(RowDecoding.store)
        }
    }

    public func store(_ id: StoreID) async throws -> StoreRecord? {
        try await backend.read { session in
            try await session.rows(
                "SELECT id, name, price_conflict_rule FROM stores WHERE id = \(id.rawValue)"
            ).first.map(RowDecoding.store)
        }
    }

    public func insertDeviceToken(hash: String, identity: DeviceIdentity) async throws {
        try await backend.transaction { session in
            guard try await !session.rows("SELECT 1 FROM stores WHERE id = \(identity.storeID.rawValue)").isEmpty
            else { throw ReferentialError(.unknownStore, identity.storeID.rawValue) }
            try await session.rows(
                """
                INSERT INTO device_tokens (token_hash, store_id, device_id, issued_at)
                    VALUES (\(hash), \(identity.storeID.rawValue), \(identity.deviceID.rawValue),
                    \(ProtocolJSON.text(of: Date())))
                """)
        }
    }

    public func revokeDeviceTokens(store: StoreID, device: DeviceID) async throws -> Int {
        try await backend.transaction { session in
            let count = try await session.rows(
                """
                SELECT COUNT(*) FROM device_tokens WHERE store_id = \(store.rawValue) AND device_id = \(device.rawValue)
                """
            ).first.map { try RowDecoding.int($0, 0) } ?? 0
            try await session.rows(
                "DELETE FROM device_tokens WHERE store_id = \(store.rawValue) AND device_id = \(device.rawValue)")
            return Int(count)
        }
    }

    public func device(forTokenHash hash: String) async throws -> DeviceIdentity? {
        // One statement, no transaction around it: every request runs it, and a revoked token (its row deleted)
        // is refused by the very next request, on every node.
        try await backend.query("SELECT store_id, device_id FROM device_tokens WHERE token_hash = \(hash)")
            .first.map { row in
                DeviceIdentity(storeID: StoreID(try RowDecoding.text(row, 0)), deviceID: DeviceID(try RowDecoding.text(row, 1)))
            }
    }
}
