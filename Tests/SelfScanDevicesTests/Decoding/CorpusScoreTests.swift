import Testing
@testable import SelfScanDevices

/// Decodes the whole shared corpus and holds every symbology to the score measured for it.
@Suite struct CorpusScoreTests {
    /// Measured with `DecodeOptions.images` on 2026-12-04 (scripts/bench-decode --accuracy-only,
    /// docs/benchmarks/decode.md): 419/466 read (tuning half 196/213, held-out half 223/253; was 397 with
    /// zbar alone and the old pass list). Per symbology, measured reads / images: code128 15/15, gs1-128 2/2,
    /// code39 8/8, code39-ext 2/2, code32 1/1, pzn 1/1, ean13 39/46, ean13+addon 3/4, ean8 7/7, upca 38/52,
    /// upca+addon 4/4, upce 18/22, itf 15/16, databar 8/11, databar-stacked 4/5, databar-limited 0/1
    /// (neither zbar nor Debian's zxing-cpp 1.4 has DataBar Limited), databar-expanded 113/116,
    /// databar-expanded-stacked 48/49, qrcode 93/104.
    /// Floors = those measured reads; raise them as the decoder improves, never lower them silently.
    /// Lowered on purpose once: upce 19 → 18 — the one held-out image only upscaledConfirmed read; that pass
    /// adds nothing on the tuning half next to the zxing fallback, so it left the list (docs/benchmarks/decode.md).
    static let floors: [String: Int] = [
        "code128": 15, "gs1-128": 2, "code39": 8, "code39-ext": 2, "code32": 1, "pzn": 1,
        "ean13": 39, "ean13+addon": 3, "ean8": 7, "upca": 38, "upca+addon": 4, "upce": 18,
        "itf": 15, "databar": 8, "databar-stacked": 4, "databar-limited": 0,
        "databar-expanded": 113, "databar-expanded-stacked": 48, "qrcode": 93,
    ]
    /// The whole-corpus floor: 419 measured (beats zxing-cpp 3.1.1's 402 and zbarimg's 354, same run).
    static let totalFloor = 419
    /// Images where the decoder reported a text other than the expected one, measured 8 (zxing-cpp 11,
    /// zbarimg 24): 3 zbar EAN misreads of one UPC-A photo series, 1 UPC-E phantom, 2 zbar DataBar Expanded
    /// field misdecodes, 1 real EAN-5 add-on the corpus folder does not expect, 1 add-on missed. The zxing
    /// fallback added none. Misreads must not grow.
    static let maxMisreads = 8

    @Test func everySymbologyMeetsItsFloor() async throws {
        let corpus = try CorpusManifest.load()
        #expect(corpus.rows.count >= 400)
        let decoder = ImageFileDecoder()
        var read: [String: Int] = [:]
        var misreads: [String] = []
        for row in corpus.rows {
            let result = await decoder.decodeFile(corpus.root + "/" + row.path)
            #expect(result.error == nil, "\(row.path): \(String(describing: result.error))")
            let symbols = result.symbols ?? []
            let payloads = symbols.map { Array($0.text.utf8) }
            if payloads.contains(row.expected) {
                read[row.symbology, default: 0] += 1
            } else if !symbols.isEmpty {
                misreads.append(row.path)
            }
        }
        for (symbology, floor) in Self.floors {
            #expect(read[symbology, default: 0] >= floor, "\(symbology): \(read[symbology, default: 0]) < floor \(floor)")
        }
        let total = read.values.reduce(0, +)
        #expect(total >= Self.totalFloor, "total \(total) < floor \(Self.totalFloor)")
        #expect(misreads.count <= Self.maxMisreads, "misreads: \(misreads)")
    }

    @Test func concurrentDecodesMatchSequentialOnes() async throws {
        let corpus = try CorpusManifest.load()
        let paths = corpus.rows.prefix(48).map { corpus.root + "/" + $0.path }
        let decoder = ImageFileDecoder()
        var sequential: [String: [String]] = [:]
        for path in paths { sequential[path] = (await decoder.decodeFile(path)).symbols?.map(\.text) }
        let concurrent = await withTaskGroup(of: (String, [String]?).self) { group in
            for path in paths { group.addTask { (path, await decoder.decodeFile(path).symbols?.map(\.text)) } }
            var results: [String: [String]] = [:]
            for await (path, texts) in group { results[path] = texts }
            return results
        }
        #expect(concurrent == sequential)
        #expect(sequential.values.filter { !$0.isEmpty }.count >= 40)
    }
}
