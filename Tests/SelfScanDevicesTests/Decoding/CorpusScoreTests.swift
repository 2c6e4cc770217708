import Testing
@testable import SelfScanDevices

/// Decodes the whole shared corpus and holds every symbology to the score measured for it.
@Suite struct CorpusScoreTests {
    /// Measured with `DecodeOptions.images` on 2026-11-23 (see docs/benchmarks/decode.md):
    /// symbology: (read, images in corpus). Floors = measured reads; raise them as the decoder improves,
    /// never lower them silently.
    static let floors: [String: Int] = [
        "code128": 15, "gs1-128": 2, "code39": 8, "code39-ext": 2, "code32": 1, "pzn": 1,
        "ean13": 33, "ean13+addon": 3, "ean8": 7, "upca": 31, "upca+addon": 4, "upce": 14,
        "itf": 15, "databar": 8, "databar-stacked": 4, "databar-limited": 0,
        "databar-expanded": 110, "databar-expanded-stacked": 38, "qrcode": 74,
    ]
    /// Images where the decoder reported a wrong text, measured: misreads must not grow.
    static let maxMisreads = 9

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
        #expect(misreads.count <= Self.maxMisreads, "misreads: \(misreads)")
    }
}
