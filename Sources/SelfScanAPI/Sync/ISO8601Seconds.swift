public import Foundation

/// The protocol's one date form, `2026-11-23T12:00:00Z` (what `ProtocolJSON`'s `.iso8601` strategy writes), parsed
/// and written without a calendar: the ingest reads and writes three dates per item, and Foundation's ISO 8601
/// style cost more than the rest of the item's checks. Only that exact form, years 1970–9999 and whole seconds are
/// handled here; anything else answers nil and the caller uses Foundation (`ProtocolJSON`), so both agree always.
public enum ISO8601Seconds {
    /// The date of `text` when it is exactly `YYYY-MM-DDTHH:MM:SSZ` with a valid calendar date; else nil.
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Date? {
        guard bytes.count == 20, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A,
            bytes[16] == 0x3A, bytes[19] == 0x5A
        else { return nil }
        func number(_ start: Int, _ length: Int) -> Int? {
            var value = 0
            for index in start..<(start + length) {
                let digit = Int(bytes[index]) - 0x30
                guard digit >= 0, digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2), year >= 1970, (1...12).contains(month),
            day >= 1, day <= ISO8601Instant.daysIn(month: Int64(month), year: Int64(year)), hour < 24, minute < 60,
            second < 60
        else { return nil }
        let days = Int(ISO8601Instant.days(fromCivil: Int64(year), Int64(month), Int64(day)))
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3600 + minute * 60 + second))
    }

    /// `ProtocolJSON.text(of:)` of a date at a whole second from 1970 to 9999; nil for any other date.
    /// `truncating`: a date within a second is written as that second, as the encoder's `.iso8601` does.
    public static func format(_ date: Date, truncating: Bool = false) -> String? {
        let interval = date.timeIntervalSince1970
        guard interval >= 0, interval < 253_402_300_800, truncating || interval.rounded(.down) == interval else {
            return nil
        }
        let total = Int64(interval.rounded(.down))
        let seconds = Int(total % 86_400)
        let (civilYear, civilMonth, civilDay) = ISO8601Instant.civil(fromDays: total / 86_400)
        let (year, month, day) = (Int(civilYear), Int(civilMonth), Int(civilDay))
        var out = [UInt8](repeating: 0, count: 20)
        func put(_ value: Int, _ start: Int, _ length: Int) {
            var value = value
            for index in stride(from: start + length - 1, through: start, by: -1) {
                out[index] = UInt8(0x30 + value % 10)
                value /= 10
            }
        }
        put(year, 0, 4)
        out[4] = 0x2D
        put(month, 5, 2)
        out[7] = 0x2D
        put(day, 8, 2)
        out[10] = 0x54
        put(seconds / 3600, 11, 2)
        out[13] = 0x3A
        put(seconds / 60 % 60, 14, 2)
        out[16] = 0x3A
        put(seconds % 60, 17, 2)
        out[19] = 0x5A
        return String(decoding: out, as: UTF8.self)
    }

    /// `format` when it applies, else Foundation's (the same text).
    public static func text(of date: Date) -> String { format(date) ?? ProtocolJSON.text(of: date) }
}
