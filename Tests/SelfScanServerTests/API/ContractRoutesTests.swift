import Hummingbird
import SelfScanAPI
import SelfScanHTTP
import Testing

@testable import SelfScanServer

/// The daemon serves exactly the contract's endpoints (SelfScanAPI.DaemonEndpoints): a route added without
/// its endpoint, or an endpoint left without a route, fails here.
@Suite("Daemon routes follow the contract")
struct ContractRoutesTests {
    /// The API routes of a router (the pages' static files are not endpoints).
    static func apiRoutes(_ routers: Router<DaemonRequestContext>...) -> [(HTTPRequest.Method, String)] {
        routers.flatMap(\.routes).map { ($0.method, "/" + $0.path.description.split(separator: "/").joined(separator: "/")) }
    }

    static func unmatched(
        _ routes: [(HTTPRequest.Method, String)], _ endpoints: [Endpoint]
    ) -> (routesWithoutEndpoint: [String], endpointsWithoutRoute: [String]) {
        let extra = routes.filter { route in !endpoints.contains { $0.matches(method: route.0, path: route.1) } }
        let missing = endpoints.filter { endpoint in routes.contains { endpoint.matches(method: $0.0, path: $0.1) } == false }
        return (extra.map { "\($0.0) \($0.1)" }, missing.map(\.description))
    }

    @Test func aStoreDaemonServesEveryEndpointOfTheContractAndNothingElse() async throws {
        let directory = try makeTemporaryDirectory("contract")
        let daemon = try await Daemon.open(config: testConfig(role: .store, dataDirectory: directory))
        let routers = makeRouters(daemon: daemon)
        let routes = Self.apiRoutes(routers.http, routers.webSocket)
        #expect(routes.count >= DaemonEndpoints.all.count)
        let (extra, missing) = Self.unmatched(routes, DaemonEndpoints.all)
        #expect(extra == [], "routes served but not in SelfScanAPI.DaemonEndpoints")
        #expect(missing == [], "contract endpoints a store daemon does not serve")
    }

    @Test func aGateServesOnlyContractEndpoints() async throws {
        let kiosk = try await Daemon.open(config: testConfig(role: .kiosk, dataDirectory: try makeTemporaryDirectory()))
        var config = testConfig(role: .gate, dataDirectory: try makeTemporaryDirectory("contract-gate"))
        config.signing.trustedKeys = kiosk.passes.keyring.publicKeys.map {
            DaemonConfig.TrustedKey(keyID: $0.keyID, publicKey: $0.publicKey)
        }
        let daemon = try await Daemon.open(config: config)
        let routers = makeRouters(daemon: daemon)
        let routes = Self.apiRoutes(routers.http, routers.webSocket)
        let (extra, _) = Self.unmatched(routes, DaemonEndpoints.all)
        #expect(extra == [])
        #expect(routes.contains { DaemonEndpoints.gatePass.matches(method: $0.0, path: $0.1) })
        #expect(!routes.contains { DaemonEndpoints.openSession.matches(method: $0.0, path: $0.1) })
    }

    @Test func endpointURLsEncodeTheirParameters() {
        #expect(DaemonEndpoints.changeLine.url("S 1", "L/2") == "/v1/sessions/S%201/lines/L%2F2")
        #expect(DaemonEndpoints.changeLine.parameters == ["id", "line"])
        #expect(DaemonEndpoints.session.matches(method: .get, path: "/v1/sessions/:id"))
        #expect(!DaemonEndpoints.session.matches(method: .post, path: "/v1/sessions/{id}"))
    }
}
