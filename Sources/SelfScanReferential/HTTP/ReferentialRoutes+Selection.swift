import Hummingbird
import SelfScanAPI
import SelfScanCore

extension ReferentialRoutes {
    /// The optional record types this catalog request asked for (`include=suggestions`), for the token's store.
    func recordSelection(_ request: Request, _ context: Context) -> CatalogRecordSelection {
        CatalogRecordSelection(
            include: request.uri.queryParameters.get(CatalogRecordSelection.queryName).map { String($0) },
            storeID: context.device?.storeID)
    }
}
