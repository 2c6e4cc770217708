/// A `JSONValue` tree written as `ProtocolJSON`'s encoder writes it (keys sorted by their bytes, integers, no
/// doubles), for the hand-written writers of the ingest's hot paths: the referential's stored payloads (strings
/// `.asIs`: anything the encoder would escape, or a non-ASCII key, answers false and the caller uses the encoder,
/// so a stored fingerprint never changes) and the daemon's push bodies (strings `.escaped`, as `JSONStringEscaping`).
public enum JSONValueBytes {
    public enum Strings: Sendable { case asIs, escaped }

    /// Appends `value` to `bytes`; false (with `bytes` partly written) when it is not handled: a double, or under
    /// `.asIs` a string that needs an escape or a non-ASCII key.
    public static func append(_ value: JSONValue, to bytes: inout [UInt8], strings: Strings) -> Bool {
        switch value {
        case .null: bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case .bool(let flag): bytes.append(contentsOf: flag ? Array("true".utf8) : Array("false".utf8))
        case .integer(let number): bytes.append(contentsOf: String(number).utf8)
        case .double: return false
        case .string(let text): return append(text, to: &bytes, strings: strings)
        case .array(let elements):
            bytes.append(0x5B)
            for (offset, element) in elements.enumerated() {
                if offset > 0 { bytes.append(0x2C) }
                guard append(element, to: &bytes, strings: strings) else { return false }
            }
            bytes.append(0x5D)
        case .object(let members):
            if strings == .asIs, members.keys.contains(where: { !$0.utf8.allSatisfy { $0 < 0x80 } }) { return false }
            bytes.append(0x7B)
            for (offset, key) in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                if offset > 0 { bytes.append(0x2C) }
                guard append(key, to: &bytes, strings: strings) else { return false }
                bytes.append(0x3A)
                guard let member = members[key], append(member, to: &bytes, strings: strings) else { return false }
            }
            bytes.append(0x7D)
        }
        return true
    }

    /// A quoted string: escaped, or as is (false when the encoder would escape something in it).
    public static func append(_ text: String, to bytes: inout [UInt8], strings: Strings) -> Bool {
        guard strings == .asIs else {
            JSONStringEscaping.append(text, to: &bytes)
            return true
        }
        bytes.append(0x22)
        for byte in text.utf8 {
            guard byte >= 0x20, byte != 0x22, byte != 0x5C else { return false }
            bytes.append(byte)
        }
        bytes.append(0x22)
        return true
    }
}
