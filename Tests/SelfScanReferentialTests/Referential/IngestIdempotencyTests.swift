import AsyncHTTPClient
import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import SelfScanStorage
import SelfScanSync
import Testing

/// Exactly-once effect over at-least-once delivery: the same suite on SQLite and PostgreSQL.
@Suite("Referential ingest idempotency")
struct IngestIdempotencyTests {
    @Test("the same batch 3 times: accepted once, then duplicates; stored once", arguments: TestBackend.allCases)
    func replayIsANoOp(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let storeID = StoreID("paris-11")
                let client = server.client(token: try await server.token(store: storeID.rawValue))
                let items = try (0..<10).flatMap { _ in try Fixtures.basketWithPayment(store: storeID) }
                let batch = IngestBatch(storeID: storeID.rawValue, items: items)
                let first = try await client.ingest(batch)
                #expect(first.results.allSatisfy { $0.outcome == .accepted })
                for _ in 0..<2 {
                    let again = try await client.ingest(batch)
                    #expect(again.results.allSatisfy { $0.outcome == .duplicate })
                }
                let counts = try await store.ingestCounts()
                #expect(counts == IngestCounts(items: 30, baskets: 10, payments: 10))
            }
        }
    }

    @Test("3× interleaved and concurrent from 2 connections: each item stored once", arguments: TestBackend.allCases)
    func concurrentReplays(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let storeID = StoreID("lille-3")
                let token = try await server.token(store: storeID.rawValue)
                let items = try (0..<40).flatMap { _ in try Fixtures.basketWithPayment(store: storeID) }
                // Two separate HTTP clients: two connection pools, so truly two connections.
                let httpA = HTTPClient(eventLoopGroupProvider: .singleton)
                let httpB = HTTPClient(eventLoopGroupProvider: .singleton)
                let outcomes = try await withThrowingTaskGroup(of: [IngestItemResult].self) { group in
                    for round in 0..<3 {
                        // Interleaved: each connection sends the items in a different order, split differently.
                        let forward = IngestBatch(storeID: storeID.rawValue, items: items)
                        let backward = IngestBatch(storeID: storeID.rawValue, items: items.reversed())
                        let clientA = server.client(token: token, http: httpA)
                        let clientB = server.client(token: token, http: httpB)
                        group.addTask { try await clientA.ingest(round.isMultiple(of: 2) ? forward : backward).results }
                        group.addTask {
                            let half = items.count / 2
                            let first = try await clientB.ingest(IngestBatch(storeID: storeID.rawValue, items: Array(items[half...])))
                            let second = try await clientB.ingest(IngestBatch(storeID: storeID.rawValue, items: Array(items[..<half])))
                            return first.results + second.results
                        }
                    }
                    var all: [IngestItemResult] = []
                    for try await results in group { all += results }
                    return all
                }
                try await httpA.shutdown()
                try await httpB.shutdown()
                #expect(outcomes.count == items.count * 6)
                let accepted = outcomes.filter { $0.outcome == .accepted }
                #expect(accepted.count == items.count)
                #expect(Set(accepted.map(\.id)) == Set(items.map(\.id)))
                #expect(outcomes.allSatisfy { $0.outcome != .rejected })
                let counts = try await store.ingestCounts()
                #expect(counts == IngestCounts(items: 120, baskets: 40, payments: 40))
            }
        }
    }

    @Test("an id reused with other content is rejected, the first content kept", arguments: TestBackend.allCases)
    func conflictingDuplicate(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let storeID = StoreID("brest-1")
                let client = server.client(token: try await server.token(store: storeID.rawValue))
                var items = try Fixtures.basketWithPayment(store: storeID, totalMinor: 500)
                _ = try await client.ingest(IngestBatch(storeID: storeID.rawValue, items: items))
                items[1].payload = try ProtocolJSON.value(
                    of: ClosedBasketPayload(
                        sessionID: items[1].orderingKey ?? "", closedAt: Fixtures.day(),
                        total: Money(minor: 1, currency: .eur), lineCount: 1))
                let answer = try await client.ingest(IngestBatch(storeID: storeID.rawValue, items: items))
                #expect(answer.results.map(\.outcome) == [.duplicate, .rejected, .duplicate])
                #expect(answer.results[1].reason == .conflictingDuplicate)
                #expect(try await store.baskets(store: storeID).map(\.total.minor) == [500])
            }
        }
    }

    @Test("an invalid payload is rejected with its reason; the rest of the batch is stored", arguments: TestBackend.allCases)
    func invalidPayloadRejected(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let storeID = StoreID("caen-1")
                let client = server.client(token: try await server.token(store: storeID.rawValue))
                var items = try Fixtures.basketWithPayment(store: storeID)
                items[2].payload = .object(["amount": .string("lots")])
                let answer = try await client.ingest(IngestBatch(storeID: storeID.rawValue, items: items))
                #expect(answer.results.map(\.outcome) == [.accepted, .accepted, .rejected])
                #expect(answer.results[2].reason == .invalidPayload)
                #expect(try await store.ingestCounts() == IngestCounts(items: 2, baskets: 1, payments: 0))
            }
        }
    }

    @Test("list and day totals reflect ingested baskets and payments", arguments: TestBackend.allCases)
    func dayTotals(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let storeID = StoreID("rennes-1")
                let client = server.client(token: try await server.token(store: storeID.rawValue))
                let items = try [100, 250, 1000].flatMap { try Fixtures.basketWithPayment(store: storeID, totalMinor: $0) }
                _ = try await client.ingest(IngestBatch(storeID: storeID.rawValue, items: items))
                let day = String(ProtocolJSON.text(of: Fixtures.day()).prefix(10))
                let totals = try await store.dayTotals(store: storeID, day: day)
                #expect(totals.count == 1)
                #expect(totals.first?.basketCount == 3)
                #expect(totals.first?.paymentTotal == Money(minor: 1350, currency: .eur))
                #expect(try await store.payments(store: storeID).allSatisfy { $0.last4 == "4242" && $0.outcome == "approved" })
                #expect(try await store.dayTotals(store: storeID, day: "1999-01-01").isEmpty)
            }
        }
    }
}
