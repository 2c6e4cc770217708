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
    public func decodeFile(_ path: String, timing: Bool = false) async -> FileDecodeResult {
        await withCheckedContinuation { continuation in
            BarcodeDecoder.queue.async { continuation.resume(returning: decodeFileBlocking(path, timing: timing)) }
        }
    }

    /// The blocking form of `decodeFile(_:timing:)`.
    public func decodeFileBlocking(_ path: String, timing: Bool = false) -> FileDecodeResult {
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
            let symbols = try decoder.decodeBlocking(image)
            let done = clock.now
            return FileDecodeResult(
                file: path, symbols: symbols.map(FileDecodeResult.Symbol.init), error: nil,
                loadMillis: timing ? Self.millis(loaded - start) : nil,
                decodeMillis: timing ? Self.millis(done - loaded) : nil)
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
