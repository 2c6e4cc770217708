/// GS1 Digital Link URIs (GS1 Digital Link Standard: URI Syntax 1.2), uncompressed form:
/// `https://any.host/optional/prefix/01/09506000134352/10/ABC/21/123?17=201225&3103=000195`.
///
/// - any host and an optional path prefix before the primary key;
/// - the primary key and its key qualifiers, in the order the standard gives, as path segments;
/// - data attributes as query parameters whose names are AIs (other parameters, e.g. `linkType`, are
///   ignored); the fragment is ignored;
/// - percent-encoding decoded in path and query;
/// - a GTIN-8, -12 or -13 in the (01) segment is padded to 14 digits;
/// - every value is validated against the AI table (check digits, dates…).
/// Compressed Digital Links are not decoded (they come out unrecognised).
public enum GS1DigitalLink {
    /// Primary keys and the orders in which their key qualifiers may follow.
    public static let keyQualifiers: [String: [[String]]] = [
        "01": [["22", "10", "21"], ["235"]],
        "8006": [["22", "10", "21"]],
        "8010": [["8011"]],
        "414": [["254"], ["7040"]],
        "417": [["7040"]],
        "8004": [["7040"]],
        "8017": [["8019"]],
        "8018": [["8019"]],
        "00": [], "253": [], "255": [], "401": [], "402": [], "8003": [], "8013": [],
    ]

    /// Whether `text` starts with `http://` or `https://` (any case).
    public static func isWebURI(_ text: String) -> Bool {
        let head = text.prefix(8).lowercased()
        return head.hasPrefix("http://") || head.hasPrefix("https://")
    }

    /// The AIs of a Digital Link URI; `nil` when the path carries no primary key (an ordinary web
    /// address). Throws when it does but the path, a value or the percent-encoding is invalid.
    public static func parse(_ uri: String) throws(CodeError) -> GS1ElementString? {
        guard let schemeEnd = uri.firstRange(of: "://") else { return nil }
        var rest = uri[schemeEnd.upperBound...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        var segments = rest[slash...].split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        if segments.last == "" { segments.removeLast() }

        guard let start = segments.indices.first(where: { keyQualifiers[segments[$0]] != nil }) else { return nil }
        let pathPairs = try pairs(Array(segments[start...]), uri: uri)
        var elements: [GS1ElementString.Element] = []
        for (ai, rawValue) in pathPairs {
            var value = try percentDecoded(rawValue)
            if ai == "01", [8, 12, 13].contains(value.utf8.count), value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                value = String(repeating: "0", count: 14 - value.utf8.count) + value
            }
            try add(ai: ai, value: value, to: &elements)
        }
        for parameter in query.split(separator: "&") {
            let parts = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try percentDecoded(String(parts[0]))
            guard GS1ApplicationIdentifier.table[key] != nil else { continue }
            let value = parts.count > 1 ? try percentDecoded(String(parts[1])) : ""
            try add(ai: key, value: value, to: &elements)
        }
        return GS1ElementString(elements: elements)
    }

    /// The (AI, value) pairs of the path from the primary key on, checked against the qualifier orders.
    static func pairs(_ segments: [String], uri: String) throws(CodeError) -> [(String, String)] {
        guard segments.count % 2 == 0, let chains = keyQualifiers[segments[0]] else { throw .badDigitalLinkPath(uri) }
        var result: [(String, String)] = []
        for index in stride(from: 0, to: segments.count, by: 2) {
            result.append((segments[index], segments[index + 1]))
        }
        let qualifiers = result.dropFirst().map(\.0)
        guard qualifiers.isEmpty || chains.contains(where: { isOrderedSubsequence(qualifiers, of: $0) }) else {
            throw .badDigitalLinkPath(uri)
        }
        return result
    }

    static func isOrderedSubsequence(_ items: [String], of chain: [String]) -> Bool {
        var chainIndex = chain.startIndex
        for item in items {
            guard let found = chain[chainIndex...].firstIndex(of: item) else { return false }
            chainIndex = found + 1
        }
        return true
    }

    static func add(ai: String, value: String, to elements: inout [GS1ElementString.Element]) throws(CodeError) {
        guard let entry = GS1ApplicationIdentifier.table[ai] else { throw .unknownAI(ai, offset: 0) }
        try entry.validate(value)
        try GS1Parser.append(GS1ElementString.Element(ai: ai, value: value), to: &elements)
    }

    /// Decodes `%HH` escapes; the result must be UTF-8.
    public static func percentDecoded(_ text: String) throws(CodeError) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw .badPercentEncoding(text)
            }
            bytes.append(high << 4 | low)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else { throw .badPercentEncoding(text) }
        return decoded
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
