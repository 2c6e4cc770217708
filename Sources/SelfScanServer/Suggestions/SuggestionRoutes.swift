import Foundation
import Hummingbird
import SelfScanAPI
import SelfScanCore
import SelfScanHTTP
import SelfScanStorage

/// `GET /v1/sessions/{id}/suggestion` (session token or staff token): at most one complement of the scanned
/// product (`?product=<id>`, default the last item line), never one already in the basket. Answers
/// `{"suggestion": null}` when there is none (no catalog, no record, nothing above the thresholds).
struct SuggestionRoutes {
    let daemon: Daemon
    let sessions: LiveSessions

    func register(on router: Router<DaemonRequestContext>) {
        router.on(DaemonEndpoints.suggestion) { request, context in
            let id = try await daemon.authorisedSessionID(request, context)
            let view = try await sessions.view(of: id)
            let items = view.lines.filter { !$0.isVoided && $0.kind != "deposit" }
            let scanned = request.uri.queryParameters.get("product").map { ProductID(String($0)) }
                ?? items.last.map { ProductID($0.productID) }
            guard let scanned, let database = daemon.database, let lookup = try CatalogCache(database: database).lookup()
            else { return try SuggestionView(suggestion: nil).encodedResponse() }
            let finder = SuggestionFinder(lookup: lookup, store: StoreID(daemon.config.store))
            let suggestion = try finder.complement(after: scanned, basket: Set(items.map { ProductID($0.productID) }))
            return try SuggestionView(suggestion: suggestion).encodedResponse()
        }
    }
}
