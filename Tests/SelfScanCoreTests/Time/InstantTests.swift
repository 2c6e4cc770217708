import FoundationEssentials
import Testing
import SelfScanCore

@Suite struct InstantTests {
    @Test func durationArithmeticIsExactNanoseconds() {
        let start = Instant(nanosecondsSinceEpoch: 1_763_900_000_123_456_789)
        #expect((start + .seconds(30)).nanosecondsSinceEpoch == 1_763_900_030_123_456_789)
        #expect((start - .milliseconds(1)).nanosecondsSinceEpoch == 1_763_900_000_122_456_789)
        #expect((start + .nanoseconds(1)) - start == .nanoseconds(1))
        #expect(start - (start + .seconds(900)) == .seconds(-900))
        #expect(Duration.nanoseconds(-1_500_000_000).wholeNanoseconds == -1_500_000_000)
        var clock = ManualClock(at: start)
        clock.advance(by: .seconds(90))
        #expect(clock.now() - start == .seconds(90))
        #expect(start < clock.now())
    }

    @Test func unixSecondsRoundTowardsThePast() {
        #expect(Instant(nanosecondsSinceEpoch: 1_999_999_999).unixSeconds == 1)
        #expect(Instant(nanosecondsSinceEpoch: -1).unixSeconds == -1)
        #expect(Instant(unixSeconds: 1_763_900_000).nanosecondsSinceEpoch == 1_763_900_000_000_000_000)
        #expect(Instant(unixSeconds: 1_763_900_000).unixSeconds == 1_763_900_000)
    }

    @Test func dateConversionKeepsMicroseconds() {
        let instant = Instant(nanosecondsSinceEpoch: 1_763_900_000_123_456_000)
        let back = Instant(date: instant.date)
        #expect(abs((back - instant).wholeNanoseconds) < 1_000)
        #expect(Instant(date: Date(timeIntervalSince1970: 1_763_900_000)) == Instant(unixSeconds: 1_763_900_000))
    }
}
