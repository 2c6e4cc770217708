import Foundation
import SelfScanAPI

/// A strict, small JSON reader for the ingest's hot path: the request bytes straight into prepared items. The
/// body and each item are read member by member into their fields (no value tree, no dictionary per item);
/// only a payload becomes a `JSONValue`, and a payload already written canonically (as a daemon writes it:
/// sorted ASCII keys, no spaces) is kept as its bytes instead of being written again. It reads the common shape
/// only and answers nil for anything else — an escape in a string, a fraction or exponent, a duplicate member,
/// invalid UTF-8, nesting deeper than 32 — and the caller then decodes the body with `JSONDecoder` as before,
/// so both readers always give the same answer or the slow one gives it.
struct IngestBodyParser {
    private let bytes: UnsafeRawBufferPointer
    private var index = 0
    private var depth = 0
    /// Counts what makes a value's text differ from its canonical form (spaces, keys out of byte order or not
    /// ASCII, `-0`): a value whose reading leaves it unchanged is written exactly as `CanonicalPayloadJSON` would.
    private var irregular = 0

    private init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// The whole body as one batch, or nil when it is not in the shape this reader handles.
    static func batch(_ bytes: UnsafeRawBufferPointer) -> DecodedIngestBatch? {
        var parser = IngestBodyParser(bytes)
        guard let batch = parser.body() else { return nil }
        parser.skipSpace()
        return parser.index == bytes.count ? batch : nil
    }

    /// `{"storeID": …, "items": [ … ]}`, members in any order, others read and ignored (as `Decodable` does).
    private mutating func body() -> DecodedIngestBatch? {
        var storeID: String?
        var items: [PreparedIngestItem]?
        var others: Set<String> = []
        let complete = members { parser, key, _ in
            if parser.equals(key, "storeID") {
                guard storeID == nil, case .string(let text)? = parser.value() else { return false }
                storeID = text
            } else if parser.equals(key, "items") {
                guard items == nil, let list = parser.items() else { return false }
                items = list
            } else {
                guard parser.ignoredOnce(key, among: &others) else { return false }
            }
            return true
        }
        guard complete, let storeID, let items else { return nil }
        return DecodedIngestBatch(storeID: storeID, items: items)
    }

    private mutating func items() -> [PreparedIngestItem]? {
        var items: [PreparedIngestItem] = []
        let complete = elements { parser in
            guard let item = parser.item() else { return false }
            items.append(item)
            return true
        }
        return complete ? items : nil
    }

    /// One item's members into `FastIngestItem.Fields`; the payload's text kept when it is canonical. The known
    /// members are told apart by their bytes (no string built per key) and their repeats by a bit each.
    private mutating func item() -> PreparedIngestItem? {
        var fields = FastIngestItem.Fields()
        var seen: UInt8 = 0
        var others: Set<String> = []
        let complete = members { parser, key, _ in
            // A member `DecodedIngestItem` does not know: read and ignored.
            guard let known = parser.itemMember(key) else { return parser.ignoredOnce(key, among: &others) }
            guard seen & (1 << known.rawValue) == 0 else { return false }
            seen |= 1 << known.rawValue
            if known == .payload {
                parser.skipSpace()
                let start = parser.index
                let irregularBefore = parser.irregular
                guard let payload = parser.value() else { return false }
                fields.payload = payload
                if parser.irregular == irregularBefore {
                    fields.canonicalPayload = Data(UnsafeRawBufferPointer(rebasing: parser.bytes[start..<parser.index]))
                }
                return true
            }
            guard let value = parser.value() else { return false }
            fields.set(known, value)
            return true
        }
        guard complete else { return nil }
        return FastIngestItem.prepared(fields)
    }

    /// Which of an item's known members the key's bytes name, if any.
    private func itemMember(_ key: Range<Int>) -> FastIngestItem.Member? {
        for member in FastIngestItem.Member.allCases where equals(key, member.name) { return member }
        return nil
    }

    private func equals(_ range: Range<Int>, _ name: StaticString) -> Bool {
        range.count == name.utf8CodeUnitCount && memcmp(bytes.baseAddress! + range.lowerBound, name.utf8Start, range.count) == 0
    }

    /// A member the reader does not use: its value read and ignored (as `Decodable` ignores it), but never twice
    /// in one object (`seen` holds the object's ignored names; a key that is not UTF-8 fails).
    private mutating func ignoredOnce(_ key: Range<Int>, among seen: inout Set<String>) -> Bool {
        guard let name = String(validating: UnsafeRawBufferPointer(rebasing: bytes[key]), as: UTF8.self),
            seen.insert(name).inserted
        else { return false }
        return value() != nil
    }

    /// An object's members, each handed to `member` with its key's bytes (and whether they are all ASCII) right
    /// after the colon; false from `member` (or a malformed object) stops the reading. Every object is read here.
    private mutating func members(_ member: (inout IngestBodyParser, Range<Int>, _ ascii: Bool) -> Bool) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == 0x7B else { return false }
        index += 1
        depth += 1
        defer { depth -= 1 }
        guard depth <= 32 else { return false }
        skipSpace()
        if index < bytes.count, bytes[index] == 0x7D {
            index += 1
            return true
        }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == 0x22, let (key, ascii) = stringRange() else { return false }
            skipSpace()
            guard index < bytes.count, bytes[index] == 0x3A else { return false }
            index += 1
            guard member(&self, key, ascii) else { return false }
            skipSpace()
            guard index < bytes.count else { return false }
            if bytes[index] == 0x2C {
                index += 1
                continue
            }
            guard bytes[index] == 0x7D else { return false }
            index += 1
            return true
        }
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D:
                index += 1
                irregular += 1
            default: return
            }
        }
    }

    private mutating func value() -> JSONValue? {
        skipSpace()
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case 0x7B: return object()
        case 0x5B: return array()
        case 0x22: return string().map(JSONValue.string)
        case 0x74: return literal("true", .bool(true))
        case 0x66: return literal("false", .bool(false))
        case 0x6E: return literal("null", .null)
        default: return integer()
        }
    }

    private mutating func literal(_ text: StaticString, _ value: JSONValue) -> JSONValue? {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return nil }
        for offset in 0..<count where bytes[index + offset] != text.utf8Start[offset] { return nil }
        index += count
        return value
    }

    /// An integer without fraction or exponent that fits `Int64` (what `JSONValue` decodes as `.integer`).
    private mutating func integer() -> JSONValue? {
        var negative = false
        if bytes[index] == 0x2D {
            negative = true
            index += 1
        }
        let start = index
        var magnitude: UInt64 = 0
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (plus, overflow2) = times.addingReportingOverflow(UInt64(bytes[index] - 0x30))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = plus
            index += 1
        }
        let digits = index - start
        guard digits > 0, digits == 1 || bytes[start] != 0x30 else { return nil }
        if index < bytes.count, bytes[index] == 0x2E || bytes[index] == 0x65 || bytes[index] == 0x45 { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            // -0 decodes as the integer 0 (written "0").
            if magnitude == 0 { irregular += 1 }
            return .integer(magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude))
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return .integer(Int64(magnitude))
    }

    /// A string without escapes; ASCII directly, other text validated as UTF-8.
    private mutating func string() -> String? {
        guard let (range, ascii) = stringRange() else { return nil }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[range])
        if ascii { return String(decoding: slice, as: UTF8.self) }
        return String(validating: slice, as: UTF8.self)
    }

    /// The bytes between the quotes of a string without escapes, and whether they are all ASCII.
    private mutating func stringRange() -> (Range<Int>, ascii: Bool)? {
        index += 1
        let start = index
        var ascii = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 {
                index += 1
                return (start..<index - 1, ascii)
            }
            if byte == 0x5C || byte < 0x20 { return nil }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        return nil
    }

    /// Whether the bytes of `a` sort strictly before those of `b` (the canonical order of keys).
    private func precedes(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        let common = min(a.count, b.count)
        let order = memcmp(bytes.baseAddress! + a.lowerBound, bytes.baseAddress! + b.lowerBound, common)
        return order < 0 || (order == 0 && a.count < b.count)
    }

    /// An array's elements, each read by `element` (false from it, or a malformed array, stops the reading).
    /// Every array is read here.
    private mutating func elements(_ element: (inout IngestBodyParser) -> Bool) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == 0x5B else { return false }
        index += 1
        depth += 1
        defer { depth -= 1 }
        guard depth <= 32 else { return false }
        skipSpace()
        if index < bytes.count, bytes[index] == 0x5D {
            index += 1
            return true
        }
        while true {
            guard element(&self) else { return false }
            skipSpace()
            guard index < bytes.count else { return false }
            if bytes[index] == 0x2C {
                index += 1
                continue
            }
            guard bytes[index] == 0x5D else { return false }
            index += 1
            return true
        }
    }

    private mutating func array() -> JSONValue? {
        var values: [JSONValue] = []
        let complete = elements { parser in
            guard let value = parser.value() else { return false }
            values.append(value)
            return true
        }
        return complete ? .array(values) : nil
    }

    private mutating func object() -> JSONValue? {
        var values: [String: JSONValue] = [:]
        var previousKey: Range<Int>?
        let complete = members { parser, key, ascii in
            let keyBytes = UnsafeRawBufferPointer(rebasing: parser.bytes[key])
            let name: String
            if ascii {
                name = String(decoding: keyBytes, as: UTF8.self)
            } else {
                guard let text = String(validating: keyBytes, as: UTF8.self) else { return false }
                name = text
                parser.irregular += 1
            }
            if let previousKey, !parser.precedes(previousKey, key) { parser.irregular += 1 }
            previousKey = key
            // A repeated member: JSONDecoder's choice is its own business; leave the body to it.
            guard let member = parser.value(), values.updateValue(member, forKey: name) == nil else { return false }
            return true
        }
        return complete ? .object(values) : nil
    }
}
