import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import SelfScanSync
import Testing

/// Bad input gets a typed 4xx JSON error and stores nothing: the same suite on SQLite and PostgreSQL.
@Suite("Referential typed errors")
struct ProtocolErrorTests {
    @Test("malformed JSON, oversize, wrong store, bad token, unknown versions", arguments: TestBackend.allCases)
    func typedErrorsStoreNothing(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let storeID = StoreID("paris-11")
                let token = try await server.token(store: storeID.rawValue)
                _ = try await server.token(store: "lyon-2")
                let valid = try ProtocolJSON.encoder().encode(
                    IngestBatch(storeID: storeID.rawValue, items: try Fixtures.basketWithPayment(store: storeID)))

                func expectError(
                    _ answer: (status: Int, error: ProtocolErrorBody?, body: Data), _ status: Int,
                    _ code: ProtocolErrorCode, sourceLocation: SourceLocation = #_sourceLocation
                ) {
                    #expect(answer.status == status, sourceLocation: sourceLocation)
                    #expect(answer.error?.error.code == code, sourceLocation: sourceLocation)
                }

                expectError(try await server.raw("POST", "/v1/ingest", token: token, body: Data("{\"items\": [".utf8)), 400, .malformedJSON)
                expectError(try await server.raw("POST", "/v1/ingest", token: token, body: Data("{\"storeID\":\"paris-11\"}".utf8)), 400, .malformedJSON)
                let huge = Data(repeating: 0x20, count: ProtocolRoutes.maxBodyBytes + 10)
                expectError(try await server.raw("POST", "/v1/ingest", token: token, body: huge), 413, .payloadTooLarge)
                expectError(try await server.raw("POST", "/v1/ingest", token: nil, body: valid), 401, .unauthorized)
                expectError(try await server.raw("POST", "/v1/ingest", token: "sst_nope", body: valid), 401, .unauthorized)
                // A lyon-2 device cannot post for paris-11.
                let lyonToken = try await server.token(store: "lyon-2", device: "kiosk-9")
                expectError(try await server.raw("POST", "/v1/ingest", token: lyonToken, body: valid), 403, .wrongStore)
                // An item for another store smuggled into a batch for the right store: refused alone (issue 15 #2).
                var smuggled = try Fixtures.basketWithPayment(store: storeID)
                smuggled[0].storeID = "lyon-2"
                let smuggledAnswer = try await server.client(token: token)
                    .ingest(IngestBatch(storeID: storeID.rawValue, items: [smuggled[0]]))
                #expect(smuggledAnswer.results.first?.outcome == .rejected)
                #expect(smuggledAnswer.results.first?.reason == .wrongStore)
                let tooMany = try (0...(IngestBatch.maxItems / 3)).flatMap { _ in try Fixtures.basketWithPayment(store: storeID) }
                let tooManyBody = try ProtocolJSON.encoder().encode(IngestBatch(storeID: storeID.rawValue, items: tooMany))
                expectError(try await server.raw("POST", "/v1/ingest", token: token, body: tooManyBody), 413, .payloadTooLarge)
                expectError(try await server.raw("GET", "/v1/catalog/deltas?since=99", token: token), 400, .unknownCatalogVersion)
                expectError(try await server.raw("GET", "/v1/catalog/deltas?since=abc", token: token), 400, .invalidRequest)
                expectError(try await server.raw("GET", "/v1/catalog/deltas", token: token), 400, .invalidRequest)
                expectError(try await server.raw("POST", "/v2/ingest", token: token, body: valid), 404, .unknownAPIVersion)
                expectError(try await server.raw("GET", "/v1/nothing-here", token: token), 404, .notFound)
                expectError(try await server.raw("GET", "/v1/stock/123", token: token), 400, .invalidRequest)

                #expect(try await store.ingestCounts() == IngestCounts(items: 0, baskets: 0, payments: 0))
                // And the valid body, for contrast, is stored.
                #expect(try await server.raw("POST", "/v1/ingest", token: token, body: valid).status == 200)
                #expect(try await store.ingestCounts() == IngestCounts(items: 3, baskets: 1, payments: 1))
            }
        }
    }
}
