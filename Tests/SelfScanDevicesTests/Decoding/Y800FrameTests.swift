import Testing
@testable import SelfScanDevices

/// The camera frame path: corpus images turned into strided Y800 frames decode like the files do.
@Suite struct Y800FrameTests {
    /// Pads every row to `stride` with grey junk bytes, as V4L2 drivers do.
    static func frame(from image: GreyImage, stride: Int) throws -> Y800Frame {
        var bytes: [UInt8] = []
        for y in 0..<image.height {
            bytes += image.pixels[(y * image.width)..<((y + 1) * image.width)]
            bytes += [UInt8](repeating: 0x55, count: stride - image.width)
        }
        return try Y800Frame(width: image.width, height: image.height, stride: stride, bytes: bytes)
    }

    @Test func stridedFramesDecodeLikeTheirFiles() async throws {
        let corpus = try CorpusManifest.load()
        let rows = corpus.rows.filter { ["ean13", "upca", "ean8", "qrcode", "code128"].contains($0.symbology) }
        let loader = ImageLoader()
        let fileDecoder = BarcodeDecoder(options: .images)
        var compared = 0
        for row in rows.prefix(60) {
            let image = try loader.load(path: corpus.root + "/" + row.path)
            let fromFile = try await fileDecoder.decode(image)
            guard fromFile.contains(where: { $0.payload == row.expected }) else { continue }
            let frame = try Self.frame(from: image, stride: image.width + 37)
            #expect(frame.greyImage() == image)
            let fromFrame = try await fileDecoder.decode(frame: frame)
            #expect(fromFrame.map(\.payload) == fromFile.map(\.payload), "\(row.path)")
            compared += 1
        }
        #expect(compared >= 20)
    }

    @Test func badGeometryIsATypedError() {
        #expect(throws: DecodeError(.badFrame)) { _ = try Y800Frame(width: 10, height: 10, stride: 9, bytes: Array(repeating: 0, count: 100)) }
        #expect(throws: DecodeError(.badFrame)) { _ = try Y800Frame(width: 10, height: 10, stride: 12, bytes: Array(repeating: 0, count: 100)) }
        #expect(throws: DecodeError(.badFrame)) { _ = try Y800Frame(width: 0, height: 10, stride: 0, bytes: []) }
        // The last row needs only `width` bytes.
        #expect((try? Y800Frame(width: 10, height: 10, stride: 12, bytes: Array(repeating: 0, count: 118))) != nil)
    }

    @Test func videoOptionsReadACleanEAN13Frame() async throws {
        let corpus = try CorpusManifest.load()
        let row = try #require(corpus.rows.first { $0.path.hasSuffix("zbar-examples/ean-13.png") } ?? corpus.rows.first { $0.symbology == "ean13" })
        let image = try ImageLoader().load(path: corpus.root + "/" + row.path)
        let symbols = try await BarcodeDecoder(options: .video).decode(frame: try Self.frame(from: image, stride: image.width))
        #expect(symbols.first?.payload == row.expected)
        #expect(symbols.first?.aim == .ean13)
    }
}

/// No camera on the CI machine: the capture layer must fail cleanly with a typed error.
@Suite struct CameraCaptureTests {
    @Test func missingDeviceIsATypedError() {
        let error = #expect(throws: CameraError.self) { _ = try CameraCapture(device: "/dev/video-selfscan-missing") }
        #expect(error?.code == .openFailed)
        #expect(error?.device == "/dev/video-selfscan-missing")
    }

    @Test func aNonCaptureFileIsATypedError() {
        #expect(throws: CameraError.self) { _ = try CameraCapture(device: "/dev/null") }
    }
}
