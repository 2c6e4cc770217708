public import Foundation
public import SelfScanAPI
public import SelfScanCore

/// Defaults for stores that do not implement the privacy operations (test doubles): they refuse.
extension ReferentialStore {
    public func eraseCustomer(_ id: CustomerID) async throws -> ErasureResult {
        throw ReferentialError(.database, "this store does not support erasure")
    }

    public func exportCustomer(_ id: CustomerID) async throws -> CustomerExport {
        throw ReferentialError(.database, "this store does not support export")
    }

    public func setPersonalOffersConsent(_ id: CustomerID, consent: Bool) async throws -> CatalogVersion {
        throw ReferentialError(.database, "this store does not support consent")
    }

    public func recordCatalogPosition(_ device: DeviceIdentity, version: CatalogVersion) async throws {}

    public func erasureLog() async throws -> [ErasureResult] { [] }

    public func insertAdminToken(hash: String, name: String) async throws {
        throw ReferentialError(.database, "this store does not support admin tokens")
    }

    public func isAdminToken(hash: String) async throws -> Bool { false }

    /// Issues an admin token for `/v1/admin/*`: returned once, only its hash is stored.
    public func issueAdminToken(name: String) async throws -> String {
        let token = DeviceToken.generate()
        try await insertAdminToken(hash: DeviceToken.hash(token), name: name)
        return token
    }
}

extension SQLReferentialStore {
    public func insertAdminToken(hash: String, name: String) async throws {
        try await backend.transaction { session in
            try await session.rows(
                """
                INSERT INTO admin_tokens (token_hash, name, issued_at)
                    VALUES (\(hash), \(name), \(ProtocolJSON.text(of: Date())))
                """)
        }
    }

    public func isAdminToken(hash: String) async throws -> Bool {
        try await backend.read { session in
            try await !session.rows("SELECT 1 FROM admin_tokens WHERE token_hash = \(hash)").isEmpty
        }
    }
}
