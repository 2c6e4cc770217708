import Hummingbird
import SelfScanAPI
import SelfScanHTTP
import SelfScanReferential
import Testing

/// The referential serves exactly the contract's endpoints (SelfScanAPI.ReferentialEndpoints).
@Suite("Referential routes follow the contract")
struct ReferentialContractRoutesTests {
    @Test func theReferentialServesEveryEndpointOfTheContractAndNothingElse() async throws {
        try await TestBackend.sqlite.withStore { store in
            let routes = ReferentialApplication.router(store: store).routes.map {
                ($0.method, "/" + $0.path.description.split(separator: "/").joined(separator: "/"))
            }
            let extra = routes.filter { route in
                !ReferentialEndpoints.all.contains { $0.matches(method: route.0, path: route.1) }
            }
            let missing = ReferentialEndpoints.all.filter { endpoint in
                !routes.contains { endpoint.matches(method: $0.0, path: $0.1) }
            }
            #expect(extra.map { "\($0.0) \($0.1)" } == [])
            #expect(missing.map(\.description) == [])
        }
    }
}
