/// A GS1 `YYMMDD` date (AIs 11, 12, 13, 15, 16, 17…). Day `00` is allowed where GS1 allows it and means
/// the last day of the month.
public struct GS1Date: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Two-digit year, 0…99.
    public let yy: Int
    /// 1…12.
    public let month: Int
    /// 0…31; 0 means "end of month".
    public let day: Int

    /// Parses six digits; `nil` when the month or day does not exist. The leap year test takes the year
    /// as 20YY, right for every year GS1's century rule resolves to in 2000–2099 (00 → 2000 is leap).
    public init?(digits: some Collection<Int>, allowsDayZero: Bool = true) {
        let d = Array(digits)
        guard d.count == 6, d.allSatisfy({ (0...9).contains($0) }) else { return nil }
        let yy = d[0] * 10 + d[1]
        let month = d[2] * 10 + d[3]
        let day = d[4] * 10 + d[5]
        guard (1...12).contains(month) else { return nil }
        guard (allowsDayZero && day == 0) || (1...Self.daysIn(month: month, year: 2000 + yy)).contains(day) else {
            return nil
        }
        self.yy = yy
        self.month = month
        self.day = day
    }

    /// Parses `YYMMDD` text.
    public init?(_ text: String) {
        self.init(digits: text.utf8.map { Int($0) - 0x30 })
    }

    /// The four-digit year by the GS1 century rule (General Specifications 7.12): relative to the
    /// reference year, a difference of 51…99 years ahead means the previous century, 50…99 behind the
    /// next one.
    public func year(reference: Int) -> Int {
        let century = reference - reference % 100
        let difference = yy - reference % 100
        if difference >= 51 { return century - 100 + yy }
        if difference <= -50 { return century + 100 + yy }
        return century + yy
    }

    /// The calendar day this date stands for: day 00 is the last day of its month.
    public func resolvedDay(reference: Int) -> (year: Int, month: Int, day: Int) {
        let year = year(reference: reference)
        return (year, month, day == 0 ? Self.daysIn(month: month, year: year) : day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `YYMMDD`.
    public var description: String {
        [yy, month, day].map { $0 < 10 ? "0\($0)" : "\($0)" }.joined()
    }
}
