public import Foundation

/// Reads and writes catalog JSON Lines (`application/x-ndjson`): one compact JSON object per line, `\n` ended.
public struct CatalogLinesCodec: Sendable {
    public init() {}

    /// One line, newline included.
    public func encode(_ line: CatalogLine) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(line)
        data.append(0x0A)
        return data
    }

    /// Parses a whole stream; throws `CatalogStreamError` when it is cut (no `end`), out of order or malformed.
    public func decode(_ data: Data) throws(CatalogStreamError) -> CatalogChanges {
        let decoder = JSONDecoder()
        var header: (version: CatalogVersionNumber, base: CatalogVersionNumber?)?
        var upserts: [CatalogProduct] = []
        var removals: [GTIN] = []
        var ended = false
        var lineNumber = 0
        for rawLine in data.split(separator: 0x0A, omittingEmptySubsequences: true) {
            lineNumber += 1
            guard !ended else { throw .lineAfterEnd(line: lineNumber) }
            let line: CatalogLine
            do { line = try decoder.decode(CatalogLine.self, from: Data(rawLine)) } catch {
                throw .malformedLine(line: lineNumber, reason: String(describing: error))
            }
            switch line {
            case .header(let version, let base):
                guard header == nil, lineNumber == 1 else { throw .misplacedHeader(line: lineNumber) }
                header = (version, base)
            case .product(let product):
                guard header != nil else { throw .missingHeader }
                upserts.append(product)
            case .removed(let gtin):
                guard header != nil else { throw .missingHeader }
                removals.append(gtin)
            case .end(let count, _, _):
                guard header != nil else { throw .missingHeader }
                guard count == upserts.count + removals.count else {
                    throw .countMismatch(announced: count, received: upserts.count + removals.count)
                }
                ended = true
            }
        }
        guard let header else { throw .missingHeader }
        guard ended else { throw .truncated(received: upserts.count + removals.count) }
        return CatalogChanges(
            isSnapshot: header.base == nil, version: header.version, baseVersion: header.base,
            upserts: upserts, removals: removals)
    }
}

/// Why a catalog stream cannot be applied. Nothing is applied from a stream that throws.
public enum CatalogStreamError: Error, Sendable, Hashable, CustomStringConvertible {
    case missingHeader
    case misplacedHeader(line: Int)
    case malformedLine(line: Int, reason: String)
    case lineAfterEnd(line: Int)
    case countMismatch(announced: Int, received: Int)
    case truncated(received: Int)

    public var description: String {
        switch self {
        case .missingHeader: "catalog stream has no header line"
        case .misplacedHeader(let line): "catalog header on line \(line), expected only on line 1"
        case .malformedLine(let line, let reason): "catalog line \(line) is malformed: \(reason)"
        case .lineAfterEnd(let line): "catalog line \(line) follows the end line"
        case .countMismatch(let announced, let received): "catalog end announces \(announced) lines, got \(received)"
        case .truncated(let received): "catalog stream cut after \(received) lines (no end line)"
        }
    }
}
