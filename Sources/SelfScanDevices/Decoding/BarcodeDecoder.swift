import Dispatch

/// Decodes barcodes in grey images and camera frames with zbar, normalising zbar's quirks
/// (`SymbolNormaliser`). A value type: each decode creates its own zbar scanner, so one decoder may be
/// used from any number of tasks at once. The async methods run zbar on a dedicated dispatch queue, never
/// on Swift's cooperative pool.
public struct BarcodeDecoder: Sendable {
    public var options: DecodeOptions

    public init(options: DecodeOptions = .images) { self.options = options }

    /// Decodes `image` on the calling thread (blocking: keep it off the cooperative pool; see `decode(_:) async`).
    /// Passes run in order until one finds a symbol.
    public func decodeBlocking(_ image: GreyImage) throws(DecodeError) -> [DecodedSymbol] {
        try decodeMeasured(image).symbols
    }

    /// `decodeBlocking(_:)`, also returning the time spent inside `zbar_scan_image` (the rest is the
    /// wrapper's overhead: copies, pass transforms, normalisation).
    /// With `options.coarse`, its sparse pass runs first and, when it settles the image, is the result.
    public func decodeMeasured(_ image: GreyImage) throws(DecodeError) -> (symbols: [DecodedSymbol], zbarTime: Duration) {
        var zbarTime = Duration.zero
        if let coarse = options.coarse {
            let symbols = try scan(image, as: .coarse, with: coarse.zbar, mapBack: { $0 }, zbarTime: &zbarTime)
            if coarse.settles(symbols) { return (symbols, zbarTime) }
        }
        for pass in [RetryPass.plain] + options.retryPasses {
            if pass == .coarse { continue }  // only from options.coarse, above
            if pass == .zxingFallback {
                let symbols = ZXingFallback.decode(image)
                if !symbols.isEmpty { return (symbols, zbarTime) }
                continue
            }
            guard let (view, mapBack) = pass.apply(to: image) else { continue }
            var configuration = options.zbar
            if let only = pass.onlySymbologies {
                configuration.symbologies.formIntersection(only)
                if configuration.symbologies.isEmpty { continue }
            }
            var symbols = try scan(view, as: pass, with: configuration, mapBack: mapBack, zbarTime: &zbarTime)
            if pass == .upscaledConfirmed, !symbols.isEmpty {
                let again = try scan(image.scaled(by: 1.5), as: pass, with: configuration, mapBack: { $0 }, zbarTime: &zbarTime)
                symbols = symbols.filter { symbol in again.contains { $0.payload == symbol.payload } }
            }
            if !symbols.isEmpty { return (symbols, zbarTime) }
        }
        return ([], zbarTime)
    }

    /// One zbar scan of `view` with a fresh scanner, normalised; adds the time inside zbar to `zbarTime`.
    private func scan(
        _ view: GreyImage, as pass: RetryPass, with configuration: ZBarConfiguration,
        mapBack: (PixelPoint) -> PixelPoint, zbarTime: inout Duration
    ) throws(DecodeError) -> [DecodedSymbol] {
        guard let scanner = ZBarImageScanner(configuration: configuration) else {
            throw DecodeError(.scannerUnavailable, pass: pass)
        }
        guard let raw = scanner.scan(view) else { throw DecodeError(.scanFailed, pass: pass) }
        zbarTime += scanner.scanTime
        return SymbolNormaliser.normalise(raw, pass: pass, addOns: options.addOns, mapBack: mapBack)
    }

    /// Decodes a camera frame on the calling thread.
    public func decodeBlocking(frame: Y800Frame) throws(DecodeError) -> [DecodedSymbol] {
        try decodeBlocking(frame.greyImage())
    }

    /// Decodes `image` on the decode queue.
    public func decode(_ image: GreyImage) async throws(DecodeError) -> [DecodedSymbol] {
        let result: Result<[DecodedSymbol], DecodeError> = await withCheckedContinuation { continuation in
            Self.queue.async {
                do throws(DecodeError) {
                    continuation.resume(returning: .success(try decodeBlocking(image)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    /// Decodes a camera frame on the decode queue.
    public func decode(frame: Y800Frame) async throws(DecodeError) -> [DecodedSymbol] {
        try await decode(frame.greyImage())
    }

    /// zbar work runs here: a concurrent queue (zbar scanners are per call, so calls are independent).
    static let queue = DispatchQueue(label: "selfscan.decoding", qos: .userInitiated, attributes: .concurrent)
}
