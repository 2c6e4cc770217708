import Foundation
import Testing
@testable import SelfScanDevices

/// Every PNG colour type and PGM flavour loads to the same readable grey: alpha composited on white
/// (transparent black must not become black), palette with tRNS, 16-bit samples.
/// Fixtures come from Fixtures/make_fixtures.py.
@Suite struct ImageVariantTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    @Test(arguments: [
        "ean13-grey8.png", "ean13-grey16.png", "ean13-greyalpha.png", "ean13-rgb.png", "ean13-rgba.png",
        "ean13-palette.png", "ean13.pgm", "ean13-16bit.pgm", "ean13-ascii.pgm",
    ])
    func variantLoadsAndDecodes(_ name: String) async throws {
        let expected = try String(contentsOf: Self.fixtures.appendingPathComponent("expected.txt"), encoding: .utf8)
        let image = try ImageLoader().load(path: Self.fixtures.appendingPathComponent(name).path)
        // Quiet zone top-left is white, first bar is black, whatever the colour type.
        #expect(image.pixels[0] >= 240, "\(name) background \(image.pixels[0])")
        #expect(image.pixels[12 * 3] <= 80, "\(name) bar \(image.pixels[12 * 3])")
        let symbols = try await BarcodeDecoder().decode(image)
        #expect(symbols.map(\.text) == [expected])
        #expect(symbols.first?.symbology == .ean13)
        #expect(symbols.first?.aim.value == "]E0")
    }

    @Test func exifOrientationIsReadFromAPP1() {
        // Minimal JPEG header: SOI, APP1 Exif with a big-endian TIFF IFD holding orientation 6.
        let tiff: [UInt8] = [0x4D, 0x4D, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]
        let app1 = Array("Exif".utf8) + [0, 0] + tiff
        let length = app1.count + 2
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + app1 + [0xFF, 0xD9]
        #expect(EXIFOrientation.read(fromJPEG: jpeg) == 6)
        #expect(EXIFOrientation.read(fromJPEG: Array(jpeg.prefix(20))) == nil)
        #expect(EXIFOrientation.read(fromJPEG: [0xFF, 0xD8, 0xFF, 0xD9]) == nil)
    }

    @Test func orientationsTurnTheImageUpright() throws {
        // 3×2 image: 1 2 3 / 4 5 6
        let image = try #require(GreyImage(width: 3, height: 2, pixels: [1, 2, 3, 4, 5, 6]))
        let right = image.applyingEXIFOrientation(6)
        #expect(right.width == 2 && right.height == 3)
        #expect(right.pixels == [4, 1, 5, 2, 6, 3])
        #expect(image.applyingEXIFOrientation(3).pixels == [6, 5, 4, 3, 2, 1])
        #expect(image.applyingEXIFOrientation(8).pixels == [3, 6, 2, 5, 1, 4])
        #expect(image.applyingEXIFOrientation(2).pixels == [3, 2, 1, 6, 5, 4])
        #expect(image.applyingEXIFOrientation(1) == image)
    }
}
