/// Why a scanned payload could not be interpreted. Each case has a stable `code` and a clear message.
public enum CodeError: Error, Sendable, Hashable, CustomStringConvertible {
    // MARK: Payload
    case empty
    /// The payload is longer than `CodeInterpreter.maximumPayloadLength` bytes.
    case payloadTooLong(Int, limit: Int)
    /// The payload is not valid UTF-8; `offset` is the first bad byte.
    case invalidUTF8(offset: Int)

    // MARK: GTIN, UPC-E and restricted circulation
    case notDigits(String)
    case badLength(String, Int)
    case badCheckDigit(String, expected: Int)
    /// A UPC-E code must have 6 (number system 0, no check digit) or 8 digits.
    case badUPCELength(String, Int)
    /// A UPC-E number system digit must be 0 or 1.
    case badUPCENumberSystem(String)
    /// An ISBN-10 (9 digits + check character 0–9 or X) whose mod-11 check character is wrong or missing.
    case badISBN10(String)
    /// A restricted-circulation code that matches no nomenclature rule: never a 0 € item.
    case unknownRestrictedCode(String)
    /// A variable-measure code whose price check digit (nomenclature `K`) is wrong.
    case badPriceCheckDigit(String, expected: Int)
    /// A variable-measure code embedding a zero weight, price or count: refused, never a 0 € line.
    case zeroMeasure(String)
    /// A measure too large to represent (Int64 minor units or grams).
    case measureOverflow(String)

    // MARK: GS1 element strings
    /// The AI read at `offset` is not in the GS1 table.
    case unknownAI(String, offset: Int)
    /// A decimal AI family (e.g. 310n) whose decimal indicator is out of range (e.g. 3109).
    case badDecimalIndicator(ai: String)
    /// A fixed-length value cut short by the end of the data or a separator.
    case truncatedValue(ai: String, expected: Int, found: Int)
    /// A variable-length value shorter than its minimum (often empty).
    case valueTooShort(ai: String, minimum: Int, found: Int)
    /// A variable-length value longer than its maximum (often a missing GS separator).
    case valueTooLong(ai: String, maximum: Int, found: Int)
    /// A value with a character outside its AI's character set.
    case badCharacter(ai: String, value: String)
    /// A value whose GS1 check digit is wrong ((00), (01), (02), (414)…).
    case badAICheckDigit(ai: String, value: String, expected: Int)
    /// A date or time that does not exist (month 13, 31 April, 25:00…).
    case badDate(ai: String, value: String)
    /// A decimal value whose decimal indicator does not fit the value or the currency.
    case absurdDecimals(ai: String, value: String)
    /// An ISO 4217 numeric currency code the product does not know.
    case unknownCurrency(ai: String, numericCode: String)
    /// The same AI twice with different values.
    case conflictingAI(ai: String)
    /// GS1 data announced (AIM id, FNC1) but carrying no element.
    case noElements

    // MARK: GS1 Digital Link
    /// A Digital Link URI whose path does not form primary key / qualifier pairs.
    case badDigitalLinkPath(String)
    /// A `%` not followed by two hex digits, or an escape that is not UTF-8.
    case badPercentEncoding(String)

    // MARK: SelfScan QR payloads (`selfscan:<kind>:<body>`)
    case unknownSelfScanPayloadKind(String)
    case emptySelfScanPayload(kind: String)
    /// A body with a space, control or non-ASCII character.
    case badSelfScanPayloadCharacter(kind: String)

    /// Stable machine-readable code (JSON `error.code`).
    public var code: String {
        switch self {
        case .empty: "empty"
        case .payloadTooLong: "payloadTooLong"
        case .invalidUTF8: "invalidUTF8"
        case .notDigits: "notDigits"
        case .badLength: "badLength"
        case .badCheckDigit: "badCheckDigit"
        case .badUPCELength: "badUPCELength"
        case .badUPCENumberSystem: "badUPCENumberSystem"
        case .badISBN10: "badISBN10"
        case .unknownRestrictedCode: "unknownRestrictedCode"
        case .badPriceCheckDigit: "badPriceCheckDigit"
        case .zeroMeasure: "zeroMeasure"
        case .measureOverflow: "measureOverflow"
        case .unknownAI: "unknownAI"
        case .badDecimalIndicator: "badDecimalIndicator"
        case .truncatedValue: "truncatedValue"
        case .valueTooShort: "valueTooShort"
        case .valueTooLong: "valueTooLong"
        case .badCharacter: "badCharacter"
        case .badAICheckDigit: "badAICheckDigit"
        case .badDate: "badDate"
        case .absurdDecimals: "absurdDecimals"
        case .unknownCurrency: "unknownCurrency"
        case .conflictingAI: "conflictingAI"
        case .noElements: "noElements"
        case .badDigitalLinkPath: "badDigitalLinkPath"
        case .badPercentEncoding: "badPercentEncoding"
        case .unknownSelfScanPayloadKind: "unknownSelfScanPayloadKind"
        case .emptySelfScanPayload: "emptySelfScanPayload"
        case .badSelfScanPayloadCharacter: "badSelfScanPayloadCharacter"
        }
    }

    public var description: String {
        switch self {
        case .empty: "the payload is empty"
        case .payloadTooLong(let count, let limit): "the payload has \(count) bytes; the limit is \(limit)"
        case .invalidUTF8(let offset): "the payload is not valid UTF-8 (first bad byte at offset \(offset))"
        case .notDigits(let text): "'\(text)' contains characters other than digits"
        case .badLength(let text, let count): "'\(text)' has \(count) digits; a GTIN has 8, 12, 13 or 14"
        case .badCheckDigit(let text, let expected): "'\(text)' has a wrong check digit (expected \(expected))"
        case .badUPCELength(let text, let count):
            "'\(text)' has \(count) digits; a UPC-E code has 6 (number system 0 implied) or 8"
        case .badUPCENumberSystem(let text): "'\(text)' is not UPC-E: the number system digit must be 0 or 1"
        case .badISBN10(let text): "'\(text)' is not an ISBN-10 (9 digits and a valid mod-11 check character)"
        case .unknownRestrictedCode(let text):
            "'\(text)' is a restricted-circulation code that matches no nomenclature rule"
        case .badPriceCheckDigit(let text, let expected):
            "'\(text)' has a wrong price check digit (expected \(expected))"
        case .zeroMeasure(let text): "'\(text)' embeds a zero weight, price or count"
        case .measureOverflow(let text): "'\(text)' embeds a measure too large to represent"
        case .unknownAI(let ai, let offset): "no GS1 Application Identifier starts with '\(ai)' (at offset \(offset))"
        case .badDecimalIndicator(let ai):
            "AI (\(ai)): decimal point indicator \(ai.last.map(String.init) ?? "?") is out of range for this AI"
        case .truncatedValue(let ai, let expected, let found):
            "AI (\(ai)) needs \(expected) characters but only \(found) remain"
        case .valueTooShort(let ai, let minimum, let found):
            "AI (\(ai)) needs at least \(minimum) characters, found \(found)"
        case .valueTooLong(let ai, let maximum, let found):
            "AI (\(ai)) allows at most \(maximum) characters, found \(found) (missing GS separator?)"
        case .badCharacter(let ai, let value): "AI (\(ai)) value '\(value)' has a character outside its character set"
        case .badAICheckDigit(let ai, let value, let expected):
            "AI (\(ai)) value '\(value)' has a wrong check digit (expected \(expected))"
        case .badDate(let ai, let value): "AI (\(ai)) value '\(value)' is not a valid date"
        case .absurdDecimals(let ai, let value):
            "AI (\(ai)) value '\(value)': the decimal point indicator does not fit the value or its currency"
        case .unknownCurrency(let ai, let numericCode):
            "AI (\(ai)): ISO 4217 currency '\(numericCode)' is not one the product knows"
        case .conflictingAI(let ai): "AI (\(ai)) appears twice with different values"
        case .noElements: "the GS1 data carries no element string"
        case .badDigitalLinkPath(let uri): "'\(uri)' is not a valid GS1 Digital Link path"
        case .badPercentEncoding(let text): "'\(text)' has an invalid percent-encoding"
        case .unknownSelfScanPayloadKind(let kind):
            "'selfscan:\(kind):' is not a known payload kind (loyalty, coupon, badge, handoff, exit)"
        case .emptySelfScanPayload(let kind): "'selfscan:\(kind):' has an empty body"
        case .badSelfScanPayloadCharacter(let kind):
            "'selfscan:\(kind):' body must be printable ASCII without spaces"
        }
    }
}
