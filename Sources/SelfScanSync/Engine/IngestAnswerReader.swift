import Foundation
import SelfScanAPI

/// Reads the `POST /v1/ingest` answer without `JSONDecoder` in the common case: `{"results":[{…},…]}` with ASCII
/// strings and no escapes, which is what the referential writes (`IngestAnswerWriter`). Anything else — an
/// unknown key, an escape, a non-ASCII byte, `null`, a number — answers `nil`, and the caller decodes with
/// `JSONDecoder`, so both paths accept and refuse exactly the same documents (`IngestAnswerReaderTests`).
/// A push of 200 items used to spend ~7 % of the client's CPU decoding its answer.
enum IngestAnswerReader {
    static func read(_ data: Data) -> IngestResponse? {
        data.withUnsafeBytes { raw in
            var reader = Cursor(bytes: raw.bindMemory(to: UInt8.self))
            return reader.response()
        }
    }

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        mutating func response() -> IngestResponse? {
            guard take(0x7B), let key = string(), key == "results", take(0x3A), take(0x5B) else { return nil }
            var results: [IngestItemResult] = []
            if !take(0x5D) {
                repeat {
                    guard let result = item() else { return nil }
                    results.append(result)
                } while take(0x2C)
                guard take(0x5D) else { return nil }
            }
            guard take(0x7D) else { return nil }
            skipSpace()
            return index == bytes.count ? IngestResponse(results: results) : nil
        }

        private mutating func item() -> IngestItemResult? {
            guard take(0x7B) else { return nil }
            var id: String?
            var outcome: IngestOutcome?
            var reason: IngestRejection?
            var detail: String?
            var seen = 0
            repeat {
                guard let key = string(), take(0x3A), let value = string() else { return nil }
                seen += 1
                switch key {
                case "id" where id == nil: id = value
                case "outcome" where outcome == nil:
                    guard let known = IngestOutcome(rawValue: value) else { return nil }
                    outcome = known
                case "reason" where reason == nil: reason = IngestRejection(rawValue: value) ?? .unrecognised
                case "detail" where detail == nil: detail = value
                default: return nil
                }
            } while take(0x2C)
            guard take(0x7D), let id, let outcome else { return nil }
            return IngestItemResult(id: id, outcome: outcome, reason: reason, detail: detail)
        }

        /// A string of printable ASCII without escapes, or `nil`.
        private mutating func string() -> String? {
            guard take(0x22) else { return nil }
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x22 {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                    index += 1
                    return text
                }
                guard byte >= 0x20, byte < 0x7F, byte != 0x5C else { return nil }
                index += 1
            }
            return nil
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        private mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }
    }
}
