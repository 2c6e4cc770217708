/// Encoding and decoding of Caisse-AP messages (`CaisseAPMessage`): bytes in, fields out. No I/O.
public enum CaisseAPCodec {
    public enum DecodeError: Error, Sendable, Hashable, CustomStringConvertible {
        /// A byte that is not printable ASCII where a tag or value must be.
        case notASCII(offset: Int)
        /// A tag that is not two upper-case letters or digits.
        case badTag(offset: Int)
        /// A length that is not three decimal digits, or is zero.
        case badLength(offset: Int)

        public var description: String {
            switch self {
            case .notASCII(let offset): "Caisse-AP: a byte that is not printable ASCII at offset \(offset)"
            case .badTag(let offset): "Caisse-AP: a bad field tag at offset \(offset)"
            case .badLength(let offset): "Caisse-AP: a bad field length at offset \(offset)"
            }
        }
    }

    public enum EncodeError: Error, Sendable, Hashable {
        case badTag(String)
        case badValue(tag: String)
    }

    /// The bytes of `message`, `CZ` first whatever its position in `message.fields`.
    public static func encode(_ message: CaisseAPMessage) throws(EncodeError) -> [UInt8] {
        let ordered =
            message.fields.filter { $0.tag == CaisseAPTag.version } + message.fields.filter { $0.tag != CaisseAPTag.version }
        var bytes: [UInt8] = []
        for field in ordered {
            let tag = Array(field.tag.utf8)
            guard tag.count == 2, tag.allSatisfy(isTagByte) else { throw .badTag(field.tag) }
            let value = Array(field.value.utf8)
            guard (1...999).contains(value.count), value.allSatisfy(isPrintableASCII) else {
                throw .badValue(tag: field.tag)
            }
            bytes += tag
            bytes += Array(threeDigits(value.count).utf8)
            bytes += value
        }
        return bytes
    }

    /// The outcome of reading a buffer that may hold part of a message.
    public enum Partial: Sendable, Hashable {
        /// Every byte is in a whole field.
        case complete(CaisseAPMessage)
        /// The buffer ends inside a field: the fields before it so far.
        case incomplete(CaisseAPMessage)
    }

    /// Decodes the fields of `bytes`; a buffer ending inside a field is `incomplete` (read more), a malformed one
    /// throws.
    public static func decode(_ bytes: [UInt8]) throws(DecodeError) -> Partial {
        var message = CaisseAPMessage()
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 5 else {
                try checkPrefix(bytes, from: offset)
                return .incomplete(message)
            }
            guard isTagByte(bytes[offset]), isTagByte(bytes[offset + 1]) else { throw .badTag(offset: offset) }
            let digits = bytes[(offset + 2)..<(offset + 5)]
            guard digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { throw .badLength(offset: offset + 2) }
            let length = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard length > 0 else { throw .badLength(offset: offset + 2) }
            let start = offset + 5
            guard bytes.count - start >= length else {
                if let bad = bytes[start...].firstIndex(where: { !isPrintableASCII($0) }) { throw .notASCII(offset: bad) }
                return .incomplete(message)
            }
            let value = bytes[start..<(start + length)]
            if let bad = value.firstIndex(where: { !isPrintableASCII($0) }) { throw .notASCII(offset: bad) }
            message.append(
                tag: String(decoding: bytes[offset..<(offset + 2)], as: UTF8.self),
                value: String(decoding: value, as: UTF8.self))
            offset = start + length
        }
        return .complete(message)
    }

    private static func checkPrefix(_ bytes: [UInt8], from offset: Int) throws(DecodeError) {
        for index in offset..<bytes.count {
            if index - offset < 2 {
                guard isTagByte(bytes[index]) else { throw .badTag(offset: offset) }
            } else {
                guard bytes[index] >= 0x30 && bytes[index] <= 0x39 else { throw .badLength(offset: offset + 2) }
            }
        }
    }

    private static func isTagByte(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
    }

    private static func isPrintableASCII(_ byte: UInt8) -> Bool { byte >= 0x20 && byte < 0x7F }

    private static func threeDigits(_ value: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: 3 - text.count) + text
    }
}
