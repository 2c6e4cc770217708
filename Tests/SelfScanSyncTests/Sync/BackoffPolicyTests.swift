import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanSync
import Testing

@Suite("Backoff policy")
struct BackoffAndCodecTests {
    @Test("delay doubles per attempt, jitter stays in [d/2, d], capped at the maximum")
    func backoff() {
        let policy = BackoffPolicy(base: .milliseconds(100), maximum: .seconds(10))
        #expect(policy.delay(attempt: 0, unitRandom: 1) == .milliseconds(100))
        #expect(policy.delay(attempt: 0, unitRandom: 0) == .milliseconds(50))
        #expect(policy.delay(attempt: 3, unitRandom: 1) == .milliseconds(800))
        #expect(policy.delay(attempt: 3, unitRandom: 0.5) == .milliseconds(600))
        #expect(policy.delay(attempt: 20, unitRandom: 1) == .seconds(10))
        #expect(policy.delay(attempt: 500, unitRandom: 0) == .seconds(5))
        for attempt in 0..<12 {
            #expect(policy.delay(attempt: attempt + 1, unitRandom: 1) >= policy.delay(attempt: attempt, unitRandom: 1))
        }
    }
}
