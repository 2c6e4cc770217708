import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import SelfScanSync
import Testing

/// Issue 16: the typed ingest silently dropped payload members its types do not know (a newer daemon's). They are
/// now kept: the payload is stored as sent and its fingerprint covers them; the typed rows are still derived.
@Suite("Referential ingest: unknown payload members are kept")
struct UnknownPayloadMembersTests {
    @Test("a closed basket with an unknown member: accepted, stored as sent, basket row derived; replays tell it apart", arguments: TestBackend.allCases)
    func unknownMembersAreKept(backend: TestBackend) async throws {
        try await backend.withStore { store in
            let sql = try #require(store as? SQLReferentialStore)
            try await TestServer.with(store: store) { server in
                let storeID = StoreID("quimper-1")
                let client = server.client(token: try await server.token(store: storeID.rawValue))
                var items = try Fixtures.basketWithPayment(store: storeID)
                let index = try #require(items.firstIndex { $0.kind == .closedBasket })
                guard case .object(var members) = items[index].payload else { Issue.record("payload"); return }
                members["giftWrap"] = .string("blue")
                items[index].payload = .object(members)
                let batch = IngestBatch(storeID: storeID.rawValue, items: items)
                let first = try await client.ingest(batch)
                #expect(first.results.map(\.outcome) == [.accepted, .accepted, .accepted])
                #expect(try await store.ingestCounts() == IngestCounts(items: 3, baskets: 1, payments: 1))
                let stored = try await sql.backend.query(
                    "SELECT payload FROM ingest_items WHERE id = \(items[index].id)")
                let payload = try #require(stored.first?.first)
                guard case .text(let text) = payload else { Issue.record("payload is not text"); return }
                #expect(text.contains("\"giftWrap\":\"blue\""), "\(text)")
                #expect(text.contains("\"lineCount\""))
                // The same item again is a replay; the same id with another value of the unknown member is not.
                #expect(try await client.ingest(batch).results.map(\.outcome) == [.duplicate, .duplicate, .duplicate])
                members["giftWrap"] = .string("red")
                var changed = items[index]
                changed.payload = .object(members)
                let conflict = try await client.ingest(IngestBatch(storeID: storeID.rawValue, items: [changed]))
                #expect(conflict.results.first?.reason == .conflictingDuplicate)
                // The untyped entry point keeps them alike: a replay through it is a duplicate.
                let direct = try await store.ingest([items[index]], from: DeviceIdentity(storeID: storeID, deviceID: "kiosk-1"))
                #expect(direct.map(\.outcome) == [.duplicate])
            }
        }
    }
}
