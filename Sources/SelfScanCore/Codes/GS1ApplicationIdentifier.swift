/// One GS1 Application Identifier: its data format and how its value is checked
/// (GS1 General Specifications, section 3 and the AI table of section 3.2).
public struct GS1ApplicationIdentifier: Sendable, Hashable {
    /// Characters a component may hold.
    public enum CharacterSet: Sendable, Hashable {
        /// Digits (`N`).
        case numeric
        /// GS1 AI encodable character set 82 (`X`): `!"%&'()*+,-./0-9:;<=>?A-Z_a-z`.
        case cset82
        /// GS1 AI encodable character set 39 (`Y`): `#-/0-9A-Z`.
        case cset39
        /// GS1 AI encodable character set 64 (`Z`): `-0-9A-Z_a-z` and `=` padding.
        case cset64

        func contains(_ byte: UInt8) -> Bool {
            switch self {
            case .numeric: return byte >= 0x30 && byte <= 0x39
            case .cset82:
                return (0x21...0x7A).contains(byte) && !Self.cset82Excluded.contains(byte)
            case .cset39:
                return byte == 0x23 || byte == 0x2D || byte == 0x2F || (0x30...0x39).contains(byte)
                    || (0x41...0x5A).contains(byte)
            case .cset64:
                return byte == 0x2D || byte == 0x5F || byte == 0x3D || (0x30...0x39).contains(byte)
                    || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            }
        }

        /// Printable ASCII 0x21–0x7A that CSET 82 leaves out: `#`, `$`, `@`, `[`, `\`, `]`, `^`, `` ` ``.
        private static let cset82Excluded: Set<UInt8> = [0x23, 0x24, 0x40, 0x5B, 0x5C, 0x5D, 0x5E, 0x60]
    }

    /// One part of the value, e.g. `N3` then `X..9` for AI (421).
    public struct Component: Sendable, Hashable {
        public let characters: CharacterSet
        public let minimumLength: Int
        public let maximumLength: Int
        /// An optional trailing component (e.g. the serial of a GDTI) may be absent.
        public let isOptional: Bool
        public var isFixedLength: Bool { minimumLength == maximumLength }
    }

    /// Checks beyond format and length.
    public enum ValueRule: Sendable, Hashable {
        case none
        /// The first component ends with a GS1 mod-10 check digit (GTIN, SSCC, GLN…).
        case checkDigit
        /// `YYMMDD`; day `00` means the end of the month.
        case date
        /// `YYMMDDHHMM`.
        case dateTime
        /// `YYMMDD` or `YYMMDDYYMMDD` (a range).
        case dateRange
        /// `YYMMDD` then optional `HHMM`.
        case dateOptionalTime
        /// `YYMMDDHH` then optional `MM` or `MMSS`.
        case dateHour
        /// `YYYYMMDD`.
        case fullDate
        /// `YYYYMMDDHHMM`.
        case fullDateTime
        /// The last AI digit is the number of decimals (310n, 392n…).
        case decimal
        /// ISO 4217 numeric currency (3 digits), then an amount whose decimals the last AI digit gives.
        case currencyDecimal
        /// `0` or `1`.
        case yesNo
        /// An ISO 3166-1 alpha-2 country code (two capital letters).
        case countryAlpha2
        /// Six digits then an optional `-` (temperatures, 4330–4333).
        case signedTemperature
    }

    /// The AI digits, e.g. `01`, `3103`.
    public let ai: String
    /// The GS1 data title, e.g. `GTIN`, `NET WEIGHT (kg)`.
    public let title: String
    public let components: [Component]
    public let rule: ValueRule

    public var isFixedLength: Bool { components.allSatisfy { $0.isFixedLength && !$0.isOptional } }
    public var maximumLength: Int { components.reduce(0) { $0 + $1.maximumLength } }
    public var minimumLength: Int { components.reduce(0) { $0 + ($1.isOptional ? 0 : $1.minimumLength) } }

    /// Number of decimals for `.decimal` and `.currencyDecimal` AIs (the last AI digit), else 0.
    public var decimals: Int {
        guard rule == .decimal || rule == .currencyDecimal, let last = ai.utf8.last else { return 0 }
        return Int(last) - 0x30
    }

    /// Whether a FNC1 (GS) must follow the value when another element follows: every AI except those
    /// whose first two digits are in the predefined-length table (GS1 General Specifications 7.8.5).
    public var fnc1Required: Bool { !Self.predefinedLengthPrefixes.contains(String(ai.prefix(2))) }

    /// First two AI digits whose element strings have a predefined length (no separator needed).
    public static let predefinedLengthPrefixes: Set<String> = [
        "00", "01", "02", "03", "04", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20",
        "31", "32", "33", "34", "35", "36", "41",
    ]

    /// Checks a value against this AI: length, characters, then its rule. Throws a `CodeError` naming
    /// the AI.
    public func validate(_ value: String) throws(CodeError) {
        let bytes = Array(value.utf8)
        guard bytes.count >= minimumLength else {
            if isFixedLength { throw .truncatedValue(ai: ai, expected: minimumLength, found: bytes.count) }
            throw .valueTooShort(ai: ai, minimum: minimumLength, found: bytes.count)
        }
        guard bytes.count <= maximumLength else {
            throw .valueTooLong(ai: ai, maximum: maximumLength, found: bytes.count)
        }
        var index = 0
        for component in components {
            let remaining = bytes.count - index
            if remaining == 0 && component.isOptional { break }
            let length = component.isFixedLength ? component.maximumLength : min(remaining, component.maximumLength)
            guard length <= remaining, length >= component.minimumLength else {
                throw .valueTooShort(ai: ai, minimum: minimumLength, found: bytes.count)
            }
            guard bytes[index..<index + length].allSatisfy(component.characters.contains) else {
                throw .badCharacter(ai: ai, value: value)
            }
            index += length
        }
        guard index == bytes.count else { throw .valueTooLong(ai: ai, maximum: maximumLength, found: bytes.count) }
        try GS1ValueRules.check(rule, ai: self, value: bytes)
    }
}
