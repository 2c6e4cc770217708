/// One rule's pattern, e.g. `21.....{NNDDD}`: one character per digit of the code, check digit excluded.
///
/// - a digit must match exactly;
/// - `.` is an item reference digit (concatenated, they map to a catalog product's internal code);
/// - `?` is any digit, ignored;
/// - `{N…D…}` is the embedded value: `N` integer digits then `D` decimal digits;
/// - `K` is a price check digit over a 4- or 5-digit value field (GS1 General Specifications 7.9.6).
public struct NomenclaturePattern: Sendable, Hashable, Codable, CustomStringConvertible {
    /// One position of the code.
    public enum Position: Sendable, Hashable {
        case literal(UInt8)
        case itemReference
        case anyDigit
        case value
        case priceCheckDigit
    }

    /// The pattern as written.
    public let text: String
    /// One entry per digit of the code, check digit excluded.
    public let positions: [Position]
    /// Integer digits of the value field (0 when there is none).
    public let integerDigits: Int
    /// Decimal digits of the value field.
    public let decimalDigits: Int

    /// Digits in the codes this pattern matches: 13 (EAN-13) or 8 (EAN-8).
    public var codeLength: Int { positions.count + 1 }
    public var hasValueField: Bool { integerDigits > 0 }
    public var itemReferenceLength: Int { positions.filter { $0 == .itemReference }.count }

    public init(_ text: String) throws(NomenclatureError) {
        var positions: [Position] = []
        var integerDigits = 0
        var decimalDigits = 0
        var inField = false
        var fieldSeen = false
        for character in text {
            if inField {
                switch character {
                case "N":
                    guard decimalDigits == 0 else { throw .badValueField(pattern: text) }
                    integerDigits += 1
                    positions.append(.value)
                case "D":
                    decimalDigits += 1
                    positions.append(.value)
                case "}":
                    guard integerDigits > 0 else { throw .badValueField(pattern: text) }
                    inField = false
                default:
                    throw .badValueField(pattern: text)
                }
                continue
            }
            switch character {
            case "0"..."9": positions.append(.literal(character.asciiValue.map { $0 - 0x30 } ?? 0))
            case ".": positions.append(.itemReference)
            case "?": positions.append(.anyDigit)
            case "K": positions.append(.priceCheckDigit)
            case "{":
                guard !fieldSeen else { throw .badValueField(pattern: text) }
                fieldSeen = true
                inField = true
            case "}", "N", "D": throw .badValueField(pattern: text)
            default: throw .badPatternCharacter(pattern: text, character: character)
            }
        }
        guard !inField else { throw .badValueField(pattern: text) }
        guard positions.count == 12 || positions.count == 7 else {
            throw .badPatternLength(pattern: text, length: positions.count)
        }
        self.text = text
        self.positions = positions
        self.integerDigits = integerDigits
        self.decimalDigits = decimalDigits
    }

    /// Whether the literal digits of the pattern match `digits` (the full code, check digit included).
    public func matches(_ digits: [UInt8]) -> Bool {
        guard digits.count == codeLength else { return false }
        for (index, position) in positions.enumerated() {
            if case .literal(let expected) = position, digits[index] != expected { return false }
        }
        return true
    }

    /// The digits at the positions of one kind, in order.
    public func digits(_ kind: Position, of digits: [UInt8]) -> [UInt8] {
        zip(positions, digits).compactMap { $0.0 == kind ? $0.1 : nil }
    }

    public var description: String { text }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(text)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
