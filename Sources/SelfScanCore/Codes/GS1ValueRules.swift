/// The value rules of the AI table: check digits, dates, decimals.
enum GS1ValueRules {
    static func check(_ rule: GS1ApplicationIdentifier.ValueRule, ai: GS1ApplicationIdentifier, value: [UInt8]) throws(CodeError) {
        let text = String(decoding: value, as: UTF8.self)
        let digits = value.map { Int($0) - 0x30 }
        func badDate() -> CodeError { .badDate(ai: ai.ai, value: text) }
        switch rule {
        case .none:
            return
        case .checkDigit:
            let length = ai.components[0].maximumLength
            let key = digits.prefix(length)
            let expected = GTIN.checkDigit(of: key.dropLast())
            guard key.last == expected else { throw .badAICheckDigit(ai: ai.ai, value: text, expected: expected) }
        case .date:
            guard GS1Date(digits: digits[0..<6]) != nil else { throw badDate() }
        case .dateTime:
            guard GS1Date(digits: digits[0..<6], allowsDayZero: false) != nil, isTime(digits[6..<10]) else { throw badDate() }
        case .dateRange:
            guard digits.count == 6 || digits.count == 12 else { throw badDate() }
            guard GS1Date(digits: digits[0..<6], allowsDayZero: false) != nil else { throw badDate() }
            if digits.count == 12, GS1Date(digits: digits[6..<12], allowsDayZero: false) == nil { throw badDate() }
        case .dateOptionalTime:
            guard GS1Date(digits: digits[0..<6], allowsDayZero: false) != nil else { throw badDate() }
            guard digits.count == 6 || (digits.count == 10 && isTime(digits[6..<10])) else { throw badDate() }
        case .dateHour:
            guard GS1Date(digits: digits[0..<6], allowsDayZero: false) != nil, digits[6] * 10 + digits[7] <= 23 else {
                throw badDate()
            }
            switch digits.count {
            case 8: break
            case 10 where digits[8] * 10 + digits[9] <= 59: break
            case 12 where digits[8] * 10 + digits[9] <= 59 && digits[10] * 10 + digits[11] <= 59: break
            default: throw badDate()
            }
        case .fullDate:
            guard isFullDate(digits[0..<8]) else { throw badDate() }
        case .fullDateTime:
            guard isFullDate(digits[0..<8]), isTime(digits[8..<12]) else { throw badDate() }
        case .decimal:
            guard ai.decimals <= value.count else { throw .absurdDecimals(ai: ai.ai, value: text) }
        case .currencyDecimal:
            guard ai.decimals <= value.count - 3 else { throw .absurdDecimals(ai: ai.ai, value: text) }
        case .yesNo:
            guard text == "0" || text == "1" else { throw .badCharacter(ai: ai.ai, value: text) }
        case .countryAlpha2:
            guard value.allSatisfy({ (0x41...0x5A).contains($0) }) else { throw .badCharacter(ai: ai.ai, value: text) }
        case .signedTemperature:
            guard value.count == 6 || value.last == UInt8(ascii: "-") else { throw .badCharacter(ai: ai.ai, value: text) }
        }
    }

    /// `HHMM` with hours 00–23 and minutes 00–59.
    static func isTime(_ digits: ArraySlice<Int>) -> Bool {
        let d = Array(digits)
        return d.count == 4 && d[0] * 10 + d[1] <= 23 && d[2] * 10 + d[3] <= 59
    }

    /// `YYYYMMDD`, a real calendar day.
    static func isFullDate(_ digits: ArraySlice<Int>) -> Bool {
        let d = Array(digits)
        guard d.count == 8 else { return false }
        let year = d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3]
        let month = d[4] * 10 + d[5]
        let day = d[6] * 10 + d[7]
        guard (1...12).contains(month) else { return false }
        return (1...GS1Date.daysIn(month: month, year: year)).contains(day)
    }
}
