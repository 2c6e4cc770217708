import Testing
@testable import SelfScanDevices

/// The zxingFallback pass earns its place: images of the corpus's tuning half that zbar misses with every
/// zbar pass of `DecodeOptions.images`, and that the fallback reads exactly (one per symbology it rescued).
@Suite struct ZXingFallbackRescueTests {
    static let rescued: [(path: String, symbology: String)] = [
        ("databar-expanded/rssexpanded-1/10.png", "databar-expanded"),
        ("databar-expanded/rssexpandedstacked-1/19.png", "databar-expanded-stacked"),
        ("ean13/ean13-1/37.webp", "ean13"),
        ("upca/upca-4/7.webp", "upca"),
        ("qrcode/qrcode-4/04.webp", "qrcode"),
    ]

    @Test(arguments: rescued.map(\.path))
    func zbarMissesAndTheFallbackReads(path: String) async throws {
        let corpus = try CorpusManifest.load()
        let row = try #require(corpus.rows.first { $0.path == path })
        var zbarOnly = DecodeOptions.images
        zbarOnly.retryPasses.removeAll { $0 == .zxingFallback }
        let withoutFallback = await ImageFileDecoder(decoder: BarcodeDecoder(options: zbarOnly))
            .decodeFile(corpus.root + "/" + path)
        #expect(!(withoutFallback.symbols ?? []).contains { Array($0.text.utf8) == row.expected })
        let withFallback = await ImageFileDecoder().decodeFile(corpus.root + "/" + path)
        let symbol = try #require(withFallback.symbols?.first { Array($0.text.utf8) == row.expected })
        #expect(symbol.pass == RetryPass.zxingFallback.rawValue)
    }

    @Test func fallbackRunsOnlyAfterZBarFails() async throws {
        // A clean generated EAN-13 zbar reads in the plain pass: the fallback never runs.
        let corpus = try CorpusManifest.load()
        let row = try #require(corpus.rows.first { $0.symbology == "ean8" })
        let result = await ImageFileDecoder().decodeFile(corpus.root + "/" + row.path)
        #expect(result.symbols?.isEmpty == false)
        #expect(result.symbols?.allSatisfy { $0.pass != RetryPass.zxingFallback.rawValue } == true)
    }
}

/// Debian's libzxing 1.4.0 asserts (and aborts the process) when it merges stacked DataBar Expanded row
/// results; `CZXingFallback` reads the DataBar family so that no merge runs. Before that fix, the first
/// stacked images of the corpus aborted the test process here.
@Suite struct ZXingFallbackAbortTests {
    @Test func stackedDataBarImagesDoNotAbortZXing() throws {
        let corpus = try CorpusManifest.load()
        let loader = ImageLoader()
        var read = 0
        for row in corpus.rows where row.symbology.hasPrefix("databar") {
            let image = try loader.load(path: corpus.root + "/" + row.path)
            for view in [image, image.rotated90(), image.scaled(by: 0.5)] {
                read += ZXingFallback.read(view).isEmpty ? 0 : 1
            }
        }
        #expect(read > 100)
    }
}
