/// Parses GS1 element strings as scanned from GS1-128, GS1 DataBar Expanded, GS1 QR Code and GS1
/// DataMatrix: FNC1 transmitted as GS (0x1D), the AIM symbology prefix (`]C1`, `]e0`, `]Q3`, `]d2`)
/// present or absent, a leading FNC1/GS tolerated. Also accepts the human-readable form
/// `(01)09506000134352(17)201225`. Every value is validated against `GS1ApplicationIdentifier.table`.
public enum GS1Parser {
    /// ASCII GS, how scanners transmit FNC1 used as a separator.
    public static let groupSeparator: UInt8 = 0x1D

    /// Parses text (see the type's documentation).
    public static func parse(_ text: String) throws(CodeError) -> GS1ElementString {
        var bytes = Array(text.utf8)[...]
        if bytes.count >= 3, bytes.first == UInt8(ascii: "]"), AIMIdentifier(String(decoding: bytes.prefix(3), as: UTF8.self)) != nil {
            bytes = bytes.dropFirst(3)
        }
        while bytes.first == groupSeparator { bytes = bytes.dropFirst() }
        if bytes.first == UInt8(ascii: "(") { return try parseBracketed(bytes) }
        return try parseRaw(bytes)
    }

    /// `AI value [GS] AI value …` with lengths from the AI table.
    static func parseRaw(_ bytes: ArraySlice<UInt8>) throws(CodeError) -> GS1ElementString {
        var elements: [GS1ElementString.Element] = []
        var position = bytes.startIndex
        let base = bytes.startIndex
        while position < bytes.endIndex {
            if bytes[position] == groupSeparator {
                position += 1
                continue
            }
            let rest = bytes[position...]
            guard let entry = GS1ApplicationIdentifier.lookup(prefixOf: rest) else {
                throw unknownAIError(rest, offset: position - base)
            }
            position += entry.ai.utf8.count
            let available = bytes[position...].prefix { $0 != groupSeparator }
            let take: Int
            if entry.isFixedLength {
                guard available.count >= entry.maximumLength else {
                    throw .truncatedValue(ai: entry.ai, expected: entry.maximumLength, found: available.count)
                }
                take = entry.maximumLength
            } else {
                take = available.count
            }
            let value = String(decoding: bytes[position..<position + take], as: UTF8.self)
            try entry.validate(value)
            try append(GS1ElementString.Element(ai: entry.ai, value: value), to: &elements)
            position += take
        }
        guard !elements.isEmpty else { throw .noElements }
        return GS1ElementString(elements: elements)
    }

    /// `(AI)value(AI)value…`: each AI must be in the table; values are validated the same way.
    static func parseBracketed(_ bytes: ArraySlice<UInt8>) throws(CodeError) -> GS1ElementString {
        var elements: [GS1ElementString.Element] = []
        var position = bytes.startIndex
        let base = bytes.startIndex
        while position < bytes.endIndex {
            guard bytes[position] == UInt8(ascii: "("),
                let close = bytes[position...].firstIndex(of: UInt8(ascii: ")"))
            else {
                throw .unknownAI(String(decoding: bytes[position...].prefix(4), as: UTF8.self), offset: position - base)
            }
            let aiBytes = bytes[(position + 1)..<close]
            guard let entry = GS1ApplicationIdentifier.lookup(prefixOf: aiBytes), entry.ai.utf8.count == aiBytes.count else {
                throw unknownAIError(aiBytes, offset: position + 1 - base)
            }
            // The value runs to the next "(" + 2 to 4 digits + ")", or the end.
            var end = close + 1
            while end < bytes.endIndex {
                if bytes[end] == UInt8(ascii: "("), let next = bytes[end...].firstIndex(of: UInt8(ascii: ")")),
                    (3...5).contains(next - end), bytes[(end + 1)..<next].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
                {
                    break
                }
                end += 1
            }
            let value = String(decoding: bytes[(close + 1)..<end], as: UTF8.self)
            try entry.validate(value)
            try append(GS1ElementString.Element(ai: entry.ai, value: value), to: &elements)
            position = end
        }
        guard !elements.isEmpty else { throw .noElements }
        return GS1ElementString(elements: elements)
    }

    /// Appends unless the same AI is already there: same value → ignored, other value → error.
    static func append(_ element: GS1ElementString.Element, to elements: inout [GS1ElementString.Element]) throws(CodeError) {
        if let existing = elements.first(where: { $0.ai == element.ai }) {
            guard existing.value == element.value else { throw .conflictingAI(ai: element.ai) }
            return
        }
        elements.append(element)
    }

    /// `badDecimalIndicator` for e.g. 3109 (family 310 exists), else `unknownAI`.
    static func unknownAIError(_ rest: ArraySlice<UInt8>, offset: Int) -> CodeError {
        let head = rest.prefix(4)
        let text = String(decoding: head.prefix { $0 != groupSeparator }, as: UTF8.self)
        if head.count == 4, head.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            GS1ApplicationIdentifier.decimalFamilies.contains(String(text.prefix(3)))
        {
            return .badDecimalIndicator(ai: text)
        }
        return .unknownAI(text, offset: offset)
    }
}
