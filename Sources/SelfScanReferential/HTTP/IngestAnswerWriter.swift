import Foundation
import SelfScanAPI

/// The `POST /v1/ingest` answer written without `JSONEncoder` (one result per item, a few hundred per request):
/// the bytes `ProtocolJSON.sharedEncoder` writes — keys sorted, strings escaped alike (`FastIngestDecodingTests`
/// compares both).
enum IngestAnswerWriter {
    static func encode(_ response: IngestResponse) -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(response.results.count * 64 + 16)
        func raw(_ text: StaticString) {
            bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
        func string(_ text: String) { JSONStringEscaping.append(text, to: &bytes) }
        raw("{\"results\":[")
        for (offset, result) in response.results.enumerated() {
            if offset > 0 { bytes.append(0x2C) }
            // Keys in sorted order: detail, id, outcome, reason.
            bytes.append(0x7B)
            if let detail = result.detail {
                raw("\"detail\":")
                string(detail)
                bytes.append(0x2C)
            }
            raw("\"id\":")
            string(result.id)
            raw(",\"outcome\":")
            string(result.outcome.rawValue)
            if let reason = result.reason {
                raw(",\"reason\":")
                string(reason.rawValue)
            }
            bytes.append(0x7D)
        }
        raw("]}")
        return Data(bytes)
    }
}
