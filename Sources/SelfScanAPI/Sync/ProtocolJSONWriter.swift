public import Foundation
public import SelfScanCore

/// Writes JSON bytes by hand, exactly as `ProtocolJSON.encoder()` would for the same values, for the few hot
/// answers that are encoded on every scan (`SessionView.protocolJSON()`). The caller writes each object's
/// members in the encoder's `sortedKeys` order and omits absent optionals (as synthesised `Codable` does);
/// tests compare the bytes with `JSONEncoder`'s for every member (`SessionViewJSONTests`).
///
/// Strings: `"` and `\` are escaped, `/` is not (`withoutEscapingSlashes`), non-ASCII text is written as its
/// UTF-8 bytes; a string holding a control character is handed to `JSONEncoder` itself, so its rarer
/// escapes (`\n`, `\u001f`…) are whatever the encoder writes.
public struct ProtocolJSONWriter {
    public private(set) var bytes: [UInt8] = []
    /// Whether the next member of the innermost open object or array needs a comma before it.
    private var needsComma = false
    /// Writes `/` as `\/`, as a `JSONEncoder` without `withoutEscapingSlashes` does (the stored basket events).
    public var escapesSlashes = false

    public init(capacity: Int = 1_024) { bytes.reserveCapacity(capacity) }

    public var data: Data { Data(bytes) }

    // MARK: Structure

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// A member's key (an identifier without characters to escape); its value follows.
    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    // MARK: Values

    public mutating func string(_ value: String) {
        separate()
        var value = value
        let handled: Bool = value.withUTF8 { utf8 in
            // Control characters: the encoder's own escapes (rare: names and codes are printable text).
            if utf8.contains(where: { $0 < 0x20 }) { return false }
            bytes.append(UInt8(ascii: "\""))
            var start = 0
            let slash: UInt8 = escapesSlashes ? UInt8(ascii: "/") : UInt8(ascii: "\"")
            for index in 0..<utf8.count
            where utf8[index] == UInt8(ascii: "\"") || utf8[index] == UInt8(ascii: "\\") || utf8[index] == slash {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(utf8[index])
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
            bytes.append(UInt8(ascii: "\""))
            return true
        }
        if !handled {
            let encoder = escapesSlashes ? Self.slashEscapingEncoder : ProtocolJSON.sharedEncoder
            let encoded: Data = (try? encoder.encode(value)) ?? Data("\"\"".utf8)
            bytes.append(contentsOf: encoded)
        }
        needsComma = true
    }

    public mutating func int(_ value: Int64) {
        separate()
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var position = 20
            repeat {
                position -= 1
                digits[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[position...]))
        }
        needsComma = true
    }

    public mutating func int(_ value: Int) { int(Int64(value)) }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
        needsComma = true
    }

    /// `{"currency":…,"minor":…}`, as `Money`'s synthesised `Codable` writes it.
    public mutating func money(_ value: Money) {
        beginObject()
        key("currency")
        string(value.currency.code)
        key("minor")
        int(value.minor)
        endObject()
    }

    /// Any other value, through `ProtocolJSON.sharedEncoder` (the same bytes as when nested in its parent).
    public mutating func encoded(_ value: some Encodable) throws {
        separate()
        bytes.append(contentsOf: try ProtocolJSON.sharedEncoder.encode(value))
        needsComma = true
    }

    public mutating func stringArray(_ values: [String]) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    /// Strings with control characters when `escapesSlashes` (a string has no keys to sort).
    private static let slashEscapingEncoder = JSONEncoder()
    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
}
