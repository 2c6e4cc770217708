import Foundation
import SelfScanCore
import SelfScanSync
import Testing

@Suite("Backoff policy and catalog JSON Lines")
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

    static func product() throws -> CatalogProduct {
        CatalogProduct(gtin: try GTIN("3017620422003"), name: "Pâte à tartiner", price: Money(minor: 399, currency: .eur), vatRate: .frReduced)
    }

    @Test("a complete stream round-trips; a cut, reordered or miscounted one is refused")
    func codec() throws {
        let codec = CatalogLinesCodec()
        let version = try CatalogVersionNumber(4)
        var stream = try codec.encode(.header(version: version, baseVersion: try CatalogVersionNumber(2)))
        stream += try codec.encode(.product(try Self.product()))
        stream += try codec.encode(.removed(try GTIN("5449000000996")))
        let cut = stream
        stream += try codec.encode(.end(count: 2, complete: true, next: nil))
        let changes = try codec.decode(stream)
        #expect(!changes.isSnapshot && changes.version == version && changes.upserts == [try Self.product()])
        #expect(changes.removals == [try GTIN("5449000000996")])
        #expect(throws: CatalogStreamError.truncated(received: 2)) { try codec.decode(cut) }
        var miscounted = cut
        miscounted += try codec.encode(.end(count: 3, complete: true, next: nil))
        #expect(throws: CatalogStreamError.countMismatch(announced: 3, received: 2)) { try codec.decode(miscounted) }
        let headless = try codec.encode(.product(try Self.product()))
        #expect(throws: CatalogStreamError.missingHeader) { try codec.decode(headless) }
        #expect(throws: CatalogStreamError.self) { try codec.decode(Data("{\"type\":\"header\",\"version\":-1}\n".utf8)) }
    }
}
