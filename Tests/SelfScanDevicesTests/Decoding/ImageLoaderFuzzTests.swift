import Foundation
import Testing
@testable import SelfScanDevices

/// Truncated, bit-flipped and random files of every format give typed errors (or a decoded image), never
/// a crash, hang or exit.
@Suite struct ImageLoaderFuzzTests {
    static func sample(_ format: ImageFormat) throws -> [UInt8] {
        let corpus = try CorpusManifest.load()
        switch format {
        case .pgm:
            return Array("P5\n# test\n64 32\n255\n".utf8) + (0..<(64 * 32)).map { UInt8(truncatingIfNeeded: $0 * 7) }
        default:
            let ext = format == .jpeg ? ".jpg" : "." + format.rawValue
            let row = try #require(corpus.rows.first { $0.path.hasSuffix(ext) })
            return Array(try Data(contentsOf: URL(fileURLWithPath: corpus.root + "/" + row.path)))
        }
    }

    @Test(arguments: ImageFormat.allCases)
    func truncatedFilesNeverCrash(_ format: ImageFormat) throws {
        let bytes = try Self.sample(format)
        let loader = ImageLoader()
        #expect(ImageFormat.sniff(bytes) == format)
        _ = try loader.decode(bytes)  // the intact file loads
        var errors = 0
        for length in Set([0, 1, 2, 3, 8, 12, 16, 30, 64, 100, bytes.count / 4, bytes.count / 2, bytes.count - 1]) {
            guard length < bytes.count else { continue }
            do {
                let image = try loader.decode(Array(bytes.prefix(length)))
                #expect(image.pixels.count == image.width * image.height)
            } catch {
                errors += 1
            }
        }
        #expect(errors > 0)
    }

    @Test(arguments: ImageFormat.allCases)
    func corruptedFilesNeverCrash(_ format: ImageFormat) throws {
        let bytes = try Self.sample(format)
        var generator = SplitMix64(seed: UInt64(bytes.count))
        let loader = ImageLoader()
        for _ in 0..<40 {
            var copy = bytes
            for _ in 0..<8 {
                let at = Int(generator.next() % UInt64(copy.count))
                copy[at] = UInt8(truncatingIfNeeded: generator.next())
            }
            if let image = try? loader.decode(copy) { #expect(image.pixels.count == image.width * image.height) }
        }
    }

    @Test func randomBytesWithEveryMagicGiveTypedErrors() throws {
        var generator = SplitMix64(seed: 7)
        let magics: [[UInt8]] = [
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], [0xFF, 0xD8, 0xFF],
            Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBP".utf8), Array("P5".utf8), Array("P2".utf8), [],
        ]
        let loader = ImageLoader()
        for magic in magics {
            for length in [0, 1, 10, 100, 1000, 10_000] {
                let bytes = magic + (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
                #expect(throws: ImageLoadError.self) { _ = try loader.decode(bytes) }
            }
        }
    }

    @Test func limitsAreTypedErrors() throws {
        let png = try Self.sample(.png)
        let tiny = ImageLoader(limits: ImageLimits(maxFileBytes: 10, maxPixels: 1_000_000))
        #expect(throws: ImageLoadError(.fileTooLarge)) { _ = try tiny.decode(png) }
        let few = ImageLoader(limits: ImageLimits(maxFileBytes: 1 << 20, maxPixels: 4))
        for format in ImageFormat.allCases {
            let error = #expect(throws: ImageLoadError.self) { _ = try few.decode(try Self.sample(format)) }
            #expect(error?.code == .tooManyPixels, "\(format)")
        }
        // A PGM header claiming 100000 × 100000 is rejected before any allocation.
        let huge = Array("P5 100000 100000 255\n".utf8)
        #expect((#expect(throws: ImageLoadError.self) { _ = try ImageLoader().decode(huge) })?.code == .tooManyPixels)
    }

    @Test func missingFileAndDirectoryAreUnreadable() {
        let loader = ImageLoader()
        let missing = #expect(throws: ImageLoadError.self) { _ = try loader.load(path: "/nonexistent/\(UUID()).png") }
        #expect(missing?.code == .unreadable)
        #expect(missing?.errno == ENOENT)
        let directory = #expect(throws: ImageLoadError.self) { _ = try loader.load(path: "/tmp") }
        #expect(directory?.code == .unreadable)
    }
}
