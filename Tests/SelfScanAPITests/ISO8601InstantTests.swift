import Foundation
import SelfScanAPI
import SelfScanCore
import Testing

/// The wire's ISO 8601 forms, pinned: `ISO8601Instant` (nanosecond instants, the catalog's promotion dates) and
/// `ISO8601Seconds` (the protocol's whole-second dates) share one calendar arithmetic.
@Suite("ISO 8601 on the wire")
struct ISO8601InstantTests {
    static let pinned: [(Int64, String)] = [
        (0, "1970-01-01T00:00:00Z"),
        (1_795_000_000_000_000_000, "2026-11-18T11:06:40Z"),
        (1_795_086_400_123_456_789, "2026-11-19T11:06:40.123456789Z"),
        (1_795_086_400_500_000_000, "2026-11-19T11:06:40.5Z"),
        (951_782_400_000_000_000, "2000-02-29T00:00:00Z"),  // a leap day of a year divisible by 400
        (-1, "1969-12-31T23:59:59.999999999Z"),
        (-86_400_000_000_000, "1969-12-31T00:00:00Z"),
        (-2_203_891_200_000_000_000, "1900-03-01T00:00:00Z"),  // 1900 has no 29 February
        (7_258_118_400_000_000_000, "2200-01-01T00:00:00Z"),
    ]

    @Test("fixed instants give fixed text and read back exactly", arguments: pinned)
    func pinnedText(nanos: Int64, text: String) {
        let instant = Instant(nanosecondsSinceEpoch: nanos)
        #expect(ISO8601Instant.text(instant) == text)
        #expect(ISO8601Instant.instant(text) == instant)
    }

    @Test func offsetsAndRefusals() {
        #expect(ISO8601Instant.instant("2026-11-18T12:06:40+01:00") == Instant(nanosecondsSinceEpoch: 1_795_000_000_000_000_000))
        #expect(ISO8601Instant.instant("2026-11-18T11:06:40.1z") == Instant(nanosecondsSinceEpoch: 1_795_000_000_100_000_000))
        for bad in ["2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-18T24:00:00Z", "2026-11-18T08:26:40",
            "2026-11-18T08:26:40.Z", "2026-11-18T08:26:40.1234567891Z", "2026-11-18 08:26:40Z", ""]
        {
            #expect(ISO8601Instant.instant(bad) == nil, "\(bad)")
        }
    }

    /// The protocol's whole-second form is the encoder's `.iso8601` text, now through the shared arithmetic.
    @Test func wholeSecondsAgreeWithFoundation() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let seconds = Int64.random(in: 0..<253_402_300_800, using: &generator)
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            let text = try #require(ISO8601Seconds.format(date))
            #expect(text == ProtocolJSON.text(of: date))
            if seconds < 9_000_000_000 {  // an Instant spans ±292 years around 1970 (Int64 nanoseconds)
                #expect(text == ISO8601Instant.text(Instant(unixSeconds: seconds)))
            }
            #expect(ISO8601Seconds.parse(text) == date)
        }
        #expect(ISO8601Seconds.parse("2024-02-29T12:00:00Z") != nil)
        #expect(ISO8601Seconds.parse("2023-02-29T12:00:00Z") == nil)
    }
}
