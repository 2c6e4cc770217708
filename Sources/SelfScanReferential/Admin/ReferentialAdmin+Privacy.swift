public import Foundation
public import SelfScanAPI
public import SelfScanCore

/// `selfscan referential erase-customer | export-customer | set-consent | erasure-log | issue-admin-token`.
extension ReferentialAdmin {
    /// Erases the customer (one transaction; idempotent). Lines without personal data.
    public func eraseCustomer(_ id: CustomerID) async throws -> [String] {
        let result = try await withStore { try await $0.eraseCustomer(id) }
        if result.alreadyErased {
            return ["already erased (erasure \(result.erasureID) at \(ProtocolJSON.text(of: result.erasedAt))); nothing changed"]
        }
        return [
            "erased: erasure \(result.erasureID), \(result.cardsRemoved) cards removed, \(result.unlinkedItems) "
                + "stored items unlinked; devices delete the customer at catalog version \(result.catalogVersion)"
        ]
    }

    /// The export as one JSON document (pretty-printed, sorted keys, ISO 8601 dates).
    public func exportCustomer(_ id: CustomerID) async throws -> String {
        let export = try await withStore { try await $0.exportCustomer(id) }
        let encoder = ProtocolJSON.encoder()
        encoder.outputFormatting.insert(.prettyPrinted)
        return String(decoding: try encoder.encode(export), as: UTF8.self)
    }

    public func setConsent(_ id: CustomerID, personalOffers: Bool) async throws -> [String] {
        let version = try await withStore { try await $0.setPersonalOffersConsent(id, consent: personalOffers) }
        return ["consent to personal offers \(personalOffers ? "given" : "withdrawn"); catalog version \(version.rawValue)"]
    }

    public func erasureLog() async throws -> [String] {
        let entries = try await withStore { try await $0.erasureLog() }
        return entries.map {
            "\(ProtocolJSON.text(of: $0.erasedAt))  \($0.erasureID)  catalog \($0.catalogVersion)  "
                + "\($0.cardsRemoved) cards  \($0.unlinkedItems) items unlinked"
        } + ["\(entries.count) erasures"]
    }

    public func rotateCardHashKey() async throws -> [String] {
        let (key, version) = try await withStore { store in
            guard let sql = store as? SQLReferentialStore else {
                throw ReferentialError(.database, "this store does not support card-hash keys")
            }
            return try await sql.rotateCardHashKey()
        }
        return ["new card-hash key \(key.id) (\(key.iterations) iterations); catalog version \(version.rawValue). "
            + "Cards hashed under older keys stay valid until re-imported."]
    }

    public func issueAdminToken(name: String) async throws -> String {
        try await withStore { try await $0.issueAdminToken(name: name) }
    }
}
