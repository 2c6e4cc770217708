import Foundation
import SelfScanAPI

/// `POST /v1/ingest` bodies written without `JSONEncoder`: the daemon pushes a few hundred items per request and
/// the encoder (an untyped payload tree, a calendar per date) cost more than the rest of a push. The same JSON
/// values as `ProtocolJSON.encoder()` writes — dates to the whole second (`.iso8601` truncates), keys sorted —
/// so the referential reads exactly what it read before; nil for what it does not handle (a double in a payload,
/// a date before 1970 or after 9999), and the caller then uses the encoder.
enum IngestBatchWriter {
    static func encode(_ batch: IngestBatch) -> Data? {
        var writer = Writer()
        writer.bytes.reserveCapacity(batch.items.count * 320 + 64)
        writer.raw("{\"items\":[")
        for (offset, item) in batch.items.enumerated() {
            if offset > 0 { writer.bytes.append(0x2C) }
            guard writer.item(item) else { return nil }
        }
        writer.raw("],\"storeID\":")
        writer.string(batch.storeID)
        writer.bytes.append(0x7D)
        return Data(writer.bytes)
    }

    struct Writer {
        var bytes: [UInt8] = []

        mutating func raw(_ text: StaticString) {
            bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }

        /// Keys sorted as the encoder sorts them: createdAt, id, kind, orderingKey, payload, sequence, storeID.
        mutating func item(_ item: IngestItem) -> Bool {
            raw("{\"createdAt\":")
            guard date(item.createdAt) else { return false }
            raw(",\"id\":")
            string(item.id)
            raw(",\"kind\":")
            string(item.kind.rawValue)
            if let key = item.orderingKey {
                raw(",\"orderingKey\":")
                string(key)
            }
            raw(",\"payload\":")
            guard value(item.payload) else { return false }
            if let sequence = item.sequence {
                raw(",\"sequence\":")
                bytes.append(contentsOf: String(sequence).utf8)
            }
            raw(",\"storeID\":")
            string(item.storeID)
            bytes.append(0x7D)
            return true
        }

        /// A JSON string escaped as the encoder escapes it (`JSONStringEscaping`).
        mutating func string(_ text: String) { JSONStringEscaping.append(text, to: &bytes) }

        mutating func value(_ value: JSONValue) -> Bool { JSONValueBytes.append(value, to: &bytes, strings: .escaped) }

        /// `2026-11-23T12:00:00Z`, truncated to the second as the encoder's `.iso8601`, years 1970–9999 only.
        mutating func date(_ date: Date) -> Bool {
            guard let text = ISO8601Seconds.format(date, truncating: true) else { return false }
            bytes.append(0x22)
            bytes.append(contentsOf: text.utf8)
            bytes.append(0x22)
            return true
        }
    }
}
