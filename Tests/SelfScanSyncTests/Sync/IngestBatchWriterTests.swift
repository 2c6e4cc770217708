import Foundation
import SelfScanAPI
@testable import SelfScanSync
import Testing

/// Issue 16 item 1: the daemon's push bodies are written without `JSONEncoder`, byte for byte as it writes them.
@Suite("Ingest bodies written without JSONEncoder")
struct IngestBatchWriterTests {
    @Test("the writer's bytes are the encoder's, dates truncated to the second and strings escaped alike")
    func sameBytesAsTheEncoder() throws {
        for round in 0..<500 {
            let date = Date(timeIntervalSince1970: Double.random(in: 0..<253_402_300_800))
            let payload: JSONValue = .object([
                "a": .array([.null, .bool(true), .bool(false), .integer(.min), .integer(.max), .string("x/y\n")]),
                "B": .object([:]), "é": .string("ü ✓"), "a10": .integer(0), "a9": .integer(Int64(round)),
            ])
            let storeText = "s\u{1}\u{8}\u{c}\r\t\n\"\\é\u{1F}\u{7F}/"
            var items: [IngestItem] = []
            for index in 0..<3 {
                let kind: IngestKind = index == 2 ? .payment : .basketEvent
                let key: String? = index == 0 ? nil : "k"
                let sequence: Int64? = index == 1 ? nil : Int64(index) - 5
                items.append(IngestItem(
                    id: UUID().uuidString, kind: kind, storeID: storeText, orderingKey: key, sequence: sequence,
                    createdAt: date, payload: payload))
            }
            let batch = IngestBatch(storeID: "store\t1", items: items)
            let written = try #require(IngestBatchWriter.encode(batch))
            #expect(written == (try ProtocolJSON.encoder().encode(batch)), "\(String(decoding: written, as: UTF8.self))")
        }
    }

    @Test("doubles and dates before 1970 are left to the encoder")
    func leftToTheEncoder() {
        let item = IngestItem(
            id: "i", kind: .basketEvent, storeID: "s", orderingKey: nil, sequence: nil, createdAt: Date(),
            payload: .object(["price": .double(1.5)]))
        #expect(IngestBatchWriter.encode(IngestBatch(storeID: "s", items: [item])) == nil)
        var early = item
        early.payload = .object([:])
        early.createdAt = Date(timeIntervalSince1970: -1)
        #expect(IngestBatchWriter.encode(IngestBatch(storeID: "s", items: [early])) == nil)
    }
}
