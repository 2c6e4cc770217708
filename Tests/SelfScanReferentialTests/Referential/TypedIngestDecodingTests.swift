import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import SelfScanSync
import Testing

/// Issue 16 item 1: the ingest route decodes payloads typed, straight from the request bytes, while the store's
/// `[IngestItem]` entry point decodes them from untyped values. Both must fingerprint an item the same way, or a
/// replay across the two paths (or of items stored by earlier releases) would read as a conflicting reuse.
@Suite("Referential ingest: typed decoding from the request bytes")
struct TypedIngestDecodingTests {
    @Test("items stored through HTTP are duplicates when replayed through the untyped path, and back", arguments: TestBackend.allCases)
    func bothPathsFingerprintAlike(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let storeID = StoreID("paris-11")
                let client = server.client(token: try await server.token(store: storeID.rawValue, device: "kiosk-1"))
                let identity = DeviceIdentity(storeID: storeID, deviceID: "kiosk-1")
                let overHTTP = try (0..<5).flatMap { _ in try Fixtures.basketWithPayment(store: storeID) }
                let direct = try (0..<5).flatMap { _ in try Fixtures.basketWithPayment(store: storeID) }
                let first = try await client.ingest(IngestBatch(storeID: storeID.rawValue, items: overHTTP))
                #expect(first.results.allSatisfy { $0.outcome == .accepted })
                let stored = try await store.ingest(direct, from: identity)
                #expect(stored.allSatisfy { $0.outcome == .accepted })
                let replayDirect = try await store.ingest(overHTTP, from: identity)
                #expect(replayDirect.allSatisfy { $0.outcome == .duplicate }, "\(replayDirect)")
                let replayHTTP = try await client.ingest(IngestBatch(storeID: storeID.rawValue, items: direct))
                #expect(replayHTTP.results.allSatisfy { $0.outcome == .duplicate }, "\(replayHTTP.results)")
                // A changed amount under a stored payment id is a conflicting reuse on the typed path too.
                var changed = overHTTP
                let paymentIndex = try #require(changed.firstIndex { $0.kind == .payment })
                guard case .object(var fields) = changed[paymentIndex].payload else { Issue.record("payload"); return }
                fields["amount"] = .object(["currency": .string("EUR"), "minor": .integer(1)])
                changed[paymentIndex].payload = .object(fields)
                let conflict = try await client.ingest(IngestBatch(storeID: storeID.rawValue, items: [changed[paymentIndex]]))
                #expect(conflict.results.first?.reason == .conflictingDuplicate)
                #expect(try await store.ingestCounts() == IngestCounts(items: 30, baskets: 10, payments: 10))
            }
        }
    }

    @Test("a typed payload of the wrong shape is rejected alone, with its reason", arguments: TestBackend.allCases)
    func wrongShapeIsRejectedAlone(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let storeID = StoreID("paris-11")
                let client = server.client(token: try await server.token(store: storeID.rawValue))
                var items = try Fixtures.basketWithPayment(store: storeID)
                let basketIndex = try #require(items.firstIndex { $0.kind == .closedBasket })
                items[basketIndex].payload = .object(["sessionID": .integer(7)])
                let notObject = IngestItem(
                    id: UUID().uuidString, kind: .payment, storeID: storeID.rawValue, orderingKey: nil, sequence: nil,
                    createdAt: Date(), payload: .array([.integer(1)]))
                let answer = try await client.ingest(IngestBatch(storeID: storeID.rawValue, items: items + [notObject]))
                #expect(answer.results[basketIndex].reason == .invalidPayload)
                #expect(answer.results[basketIndex].detail?.hasPrefix("closedBasket payload") == true)
                #expect(answer.results.last?.detail == "payload must be a JSON object")
                #expect(answer.results.filter { $0.outcome == .accepted }.count == items.count - 1)
            }
        }
    }
}
