import Testing
@testable import SelfScanDevices

/// Images that hold no barcode must decode to nothing, with every retry pass on.
@Suite struct NoFalsePositiveTests {
    static func image(_ width: Int, _ height: Int, _ pixel: (Int, Int) -> UInt8) throws -> GreyImage {
        var pixels: [UInt8] = []
        pixels.reserveCapacity(width * height)
        for y in 0..<height { for x in 0..<width { pixels.append(pixel(x, y)) } }
        return try #require(GreyImage(width: width, height: height, pixels: pixels))
    }

    static func blankAndNoise() throws -> [(String, GreyImage)] {
        var generator = SplitMix64(seed: 42)
        var noise: [UInt8] = []
        for _ in 0..<(320 * 240) { noise.append(UInt8(truncatingIfNeeded: generator.next())) }
        return [
            ("white", try image(320, 240) { _, _ in 255 }),
            ("black", try image(320, 240) { _, _ in 0 }),
            ("gradient", try image(320, 240) { x, _ in UInt8(x * 255 / 319) }),
            ("noise", try #require(GreyImage(width: 320, height: 240, pixels: noise))),
            ("stripes", try image(320, 240) { x, _ in (x / 7) % 2 == 0 ? 20 : 235 }),
            ("checker", try image(320, 240) { x, y in (x / 9 + y / 9) % 2 == 0 ? 0 : 255 }),
        ]
    }

    @Test func blankNoiseAndPatternsDecodeToNothing() async throws {
        var options = DecodeOptions.images
        options.retryPasses = RetryPass.allCases.filter { $0 != .plain }
        let decoder = BarcodeDecoder(options: options)
        for (name, image) in try Self.blankAndNoise() {
            let symbols = try await decoder.decode(image)
            #expect(symbols.isEmpty, "\(name): \(symbols.map(\.text))")
        }
    }
}

/// A tiny deterministic PRNG for reproducible test data.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
