import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import Testing

/// Issue 16 #1: the ingest authenticates from a per-node token cache, and a revoked token still stops working at
/// once on every node: the ingest re-checks the token inside its transaction.
@Suite("Referential: device-token cache and revocation")
struct TokenRevocationTests {
    static func push(_ server: TestServer, token: String, store: StoreID) async throws -> (status: Int, code: ProtocolErrorCode?) {
        let body = try ProtocolJSON.sharedEncoder.encode(
            IngestBatch(storeID: store.rawValue, items: try Fixtures.basketWithPayment(store: store)))
        let answer = try await server.raw(
            "POST", ReferentialEndpoints.ingest.path, token: token, body: body, headers: [("Content-Type", "application/json")])
        return (answer.status, answer.error?.error.code)
    }

    @Test("two nodes cache a device's token; revoked, its next push is refused on both; another device keeps pushing", arguments: TestBackend.allCases)
    func revokedTokenIsRefusedOnEveryNode(backend: TestBackend) async throws {
        try await backend.withStore { store in
            // Two routers over one database: two nodes, each with its own token cache.
            try await TestServer.with(store: store) { nodeA in
                try await TestServer.with(store: store) { nodeB in
                    let storeID = StoreID("brest-1")
                    let token = try await nodeA.token(store: storeID.rawValue, device: "kiosk-1")
                    let other = try await nodeA.token(store: storeID.rawValue, device: "kiosk-2")
                    // Both nodes authenticate (and cache) the token with a first push.
                    #expect(try await Self.push(nodeA, token: token, store: storeID).status == 200)
                    #expect(try await Self.push(nodeB, token: token, store: storeID).status == 200)
                    #expect(try await store.revokeDeviceTokens(store: storeID, device: "kiosk-1") == 1)
                    for node in [nodeA, nodeB] {
                        let refused = try await Self.push(node, token: token, store: storeID)
                        #expect(refused.status == 401)
                        #expect(refused.code == .unauthorized)
                    }
                    #expect(try await Self.push(nodeB, token: other, store: storeID).status == 200)
                    // Nothing of the refused pushes was stored: 2 accepted pushes of kiosk-1, 1 of kiosk-2.
                    #expect(try await store.ingestCounts() == IngestCounts(items: 9, baskets: 3, payments: 3))
                }
            }
        }
    }
}
