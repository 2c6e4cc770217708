import Foundation
import Hummingbird
import SelfScanAPI
import SelfScanHTTP
import SelfScanCore

/// Admin routes for the customer's rights (docs/privacy.md, docs/api.md): admin bearer token only.
extension ReferentialRoutes {
    /// Body of `PUT /v1/admin/customers/{id}/consent`.
    struct ConsentRequest: Decodable {
        let personalOffers: Bool
    }

    func registerPrivacy(on router: Router<Context>) {
        router.on(ReferentialEndpoints.eraseCustomer) { _, context in
            let id = try customerID(context)
            let erased = try await store.eraseCustomer(id)
            // This node's chunk memory forgets customers' records now (other nodes within their lifetime).
            await chunks.forgetPersonalData()
            return try json(erased)
        }
        router.on(ReferentialEndpoints.exportCustomer) { _, context in
            let id = try customerID(context)
            return try json(try await store.exportCustomer(id))
        }
        router.on(ReferentialEndpoints.setConsent) { request, context in
            let id = try customerID(context)
            let body = try await decodeBody(ConsentRequest.self, request)
            let version = try await store.setPersonalOffersConsent(id, consent: body.personalOffers)
            return try json(CatalogVersionAnswer(version: version))
        }
    }

    func customerID(_ context: Context) throws -> CustomerID {
        guard context.isAdmin else { throw APIError(.unauthorized, "an admin token is required") }
        guard let text = context.parameters.get("id"), !text.isEmpty, text.count <= 128 else {
            throw APIError(.invalidRequest, "a customer id is required")
        }
        return CustomerID(text)
    }

    /// Remembers which catalog version a device holds (so erasure tombstones can be purged once every
    /// device is past them). A snapshot counts as the version current before it is cut (conservative).
    /// The row is written only when the device's version changes (`positions`): a poll repeating the same
    /// `since` — every 304 of an up-to-date device — touches no table.
    func recordCatalogPosition(_ request: Request, _ context: Context, snapshot: Bool) async throws {
        guard let device = context.device else { return }
        let version: CatalogVersion?
        if snapshot {
            version = request.uri.queryParameters.get("after") == nil ? try await store.currentCatalogVersion() : nil
        } else {
            version = request.uri.queryParameters.get("since").flatMap { CatalogVersion(queryText: $0) }
        }
        guard let version, !positions.isRecorded(device, at: version) else { return }
        guard version <= (try await store.currentCatalogVersion()) else { return }
        try await store.recordCatalogPosition(device, version: version)
        positions.recorded(device, at: version)
    }
}
