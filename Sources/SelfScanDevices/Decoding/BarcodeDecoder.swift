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
    public func decodeMeasured(_ image: GreyImage) throws(DecodeError) -> (symbols: [DecodedSymbol], zbarTime: Duration) {
        var zbarTime = Duration.zero
        for pass in [RetryPass.plain] + options.retryPasses {
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
            guard let scanner = ZBarImageScanner(configuration: configuration) else {
                throw DecodeError(.scannerUnavailable, pass: pass)
            }
            guard let raw = scanner.scan(view) else { throw DecodeError(.scanFailed, pass: pass) }
            zbarTime += scanner.scanTime
            var symbols = SymbolNormaliser.normalise(raw, pass: pass, addOns: options.addOns, mapBack: mapBack)
            if pass == .upscaledConfirmed, !symbols.isEmpty {
                let second = image.scaled(by: 1.5)
                guard let confirm = ZBarImageScanner(configuration: configuration) else {
                    throw DecodeError(.scannerUnavailable, pass: pass)
                }
                let again = SymbolNormaliser.normalise(
                    confirm.scan(second) ?? [], pass: pass, addOns: options.addOns, mapBack: { $0 })
                zbarTime += confirm.scanTime
                symbols = symbols.filter { symbol in again.contains { $0.payload == symbol.payload } }
            }
            if !symbols.isEmpty { return (symbols, zbarTime) }
        }
        return ([], zbarTime)
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
