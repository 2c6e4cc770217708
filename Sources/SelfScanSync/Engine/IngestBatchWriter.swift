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

        /// A JSON string escaped as the encoder escapes it: `"`, `\`, `\b\t\n\f\r`, other control characters as
        /// `\u00XX`, the rest as is.
        mutating func string(_ text: String) {
            bytes.append(0x22)
            for byte in text.utf8 {
                switch byte {
                case 0x22, 0x5C:
                    bytes.append(0x5C)
                    bytes.append(byte)
                case 0x08: raw("\\b")
                case 0x09: raw("\\t")
                case 0x0A: raw("\\n")
                case 0x0C: raw("\\f")
                case 0x0D: raw("\\r")
                case 0..<0x20:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
                default: bytes.append(byte)
                }
            }
            bytes.append(0x22)
        }

        mutating func value(_ value: JSONValue) -> Bool {
            switch value {
            case .null: raw("null")
            case .bool(let flag): if flag { raw("true") } else { raw("false") }
            case .integer(let number): bytes.append(contentsOf: String(number).utf8)
            case .double: return false
            case .string(let text): string(text)
            case .array(let elements):
                bytes.append(0x5B)
                for (offset, element) in elements.enumerated() {
                    if offset > 0 { bytes.append(0x2C) }
                    guard self.value(element) else { return false }
                }
                bytes.append(0x5D)
            case .object(let members):
                bytes.append(0x7B)
                for (offset, key) in members.keys.sorted().enumerated() {
                    if offset > 0 { bytes.append(0x2C) }
                    string(key)
                    bytes.append(0x3A)
                    guard let member = members[key], self.value(member) else { return false }
                }
                bytes.append(0x7D)
            }
            return true
        }

        /// `2026-11-23T12:00:00Z`, truncated to the second as the encoder's `.iso8601`, years 1970–9999 only.
        mutating func date(_ date: Date) -> Bool {
            let interval = date.timeIntervalSince1970
            guard interval >= 0, interval < 253_402_300_800 else { return false }
            let total = Int(interval.rounded(.down))
            // Civil from days (Howard Hinnant's algorithm), days since 1970-01-01.
            let days = total / 86_400 + 719_468
            let seconds = total % 86_400
            let era = days / 146_097
            let dayOfEra = days - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
            let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let shiftedMonth = (5 * dayOfYear + 2) / 153
            let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
            let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
            let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
            func put(_ value: Int, _ length: Int) {
                var digits = [UInt8](repeating: 0x30, count: length)
                var value = value
                for index in stride(from: length - 1, through: 0, by: -1) {
                    digits[index] = UInt8(0x30 + value % 10)
                    value /= 10
                }
                bytes.append(contentsOf: digits)
            }
            bytes.append(0x22)
            put(year, 4)
            bytes.append(0x2D)
            put(month, 2)
            bytes.append(0x2D)
            put(day, 2)
            bytes.append(0x54)
            put(seconds / 3600, 2)
            bytes.append(0x3A)
            put(seconds / 60 % 60, 2)
            bytes.append(0x3A)
            put(seconds % 60, 2)
            bytes.append(0x5A)
            bytes.append(0x22)
            return true
        }
    }
}
