/// Loads an image file and decodes its barcodes: what `selfscan decode` runs per file.
public struct ImageFileDecoder: Sendable {
    public var loader: ImageLoader
    public var decoder: BarcodeDecoder

    public init(loader: ImageLoader = ImageLoader(), decoder: BarcodeDecoder = BarcodeDecoder()) {
        self.loader = loader
        self.decoder = decoder
    }

    /// Never throws: an unreadable file is a result with `error` set. Loading and decoding run on the
    /// decode queue, off the cooperative pool.
    /// With `repetitions > 1` the image is decoded that many times and `decodeMillis` is the median (benchmarks).
    public func decodeFile(_ path: String, timing: Bool = false, repetitions: Int = 1) async -> FileDecodeResult {
        await withCheckedContinuation { continuation in
            BarcodeDecoder.queue.async {
                continuation.resume(returning: decodeFileBlocking(path, timing: timing, repetitions: repetitions))
            }
        }
    }

    /// The blocking form of `decodeFile(_:timing:repetitions:)`.
    public func decodeFileBlocking(_ path: String, timing: Bool = false, repetitions: Int = 1) -> FileDecodeResult {
        let clock = ContinuousClock()
        let start = clock.now
        let image: GreyImage
        do {
            image = try loader.load(path: path)
        } catch {
            let failure = FileDecodeResult.Failure(
                code: error.code.rawValue, format: error.format?.rawValue, errno: error.errno,
                message: error.description)
            return FileDecodeResult(file: path, symbols: nil, error: failure, loadMillis: nil, decodeMillis: nil)
        }
        let loaded = clock.now
        do {
            var symbols: [DecodedSymbol] = []
            var durations: [Duration] = []
            var zbarDurations: [Duration] = []
            for _ in 0..<max(1, repetitions) {
                let before = clock.now
                let (found, zbarTime) = try decoder.decodeMeasured(image)
                symbols = found
                durations.append(clock.now - before)
                zbarDurations.append(zbarTime)
            }
            let median = durations.sorted()[durations.count / 2]
            let zbarMedian = zbarDurations.sorted()[zbarDurations.count / 2]
            return FileDecodeResult(
                file: path, symbols: symbols.map(FileDecodeResult.Symbol.init), error: nil,
                loadMillis: timing ? Self.millis(loaded - start) : nil,
                decodeMillis: timing ? Self.millis(median) : nil, zbarMillis: timing ? Self.millis(zbarMedian) : nil)
        } catch {
            let failure = FileDecodeResult.Failure(
                code: error.code.rawValue, format: nil, errno: nil, message: error.description)
            return FileDecodeResult(file: path, symbols: nil, error: failure, loadMillis: nil, decodeMillis: nil)
        }
    }

    static func millis(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
