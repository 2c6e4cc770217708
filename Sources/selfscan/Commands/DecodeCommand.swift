import ArgumentParser
import Foundation
import SelfScanDevices

/// `selfscan decode [--json] FILE...`: prints the barcodes found in each image file (PNG, JPEG, WebP, PGM).
/// Exits non-zero when any file could not be read or decoded.
struct DecodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode barcodes and QR codes in image files (PNG, JPEG, WebP, PGM) with zbar.")

    @Flag(help: "One JSON object per line and file: {\"file\":…,\"symbols\":[{\"symbology\",\"aim\",\"text\",…}]}.")
    var json = false

    @Option(help: ArgumentHelp(
        "Comma-separated retry passes tried in order while nothing is found ('none' for none).",
        discussion: "Passes: inverted, rotated90, downscaled, downscaledThird, upscaled, upscaledConfirmed, thresholded, zxingFallback."))
    var passes: String?

    @Option(help: "Largest file accepted, in bytes.")
    var maxFileBytes = ImageLimits.default.maxFileBytes

    @Option(help: "Largest image accepted, in pixels (width × height).")
    var maxPixels = ImageLimits.default.maxPixels

    @Flag(help: "Add loadMillis / decodeMillis to each JSON line.")
    var timing = false

    @Option(help: "Decoder profile: 'images' (retail set, every line, retry passes) or 'video' (camera frames).")
    var profile = "images"

    @Option(help: "The video profile's coarse first pass walks every Nth row (default 8; 0 = no coarse pass): to measure what it changes.")
    var coarseRows: Int?

    @Option(help: "The coarse first pass also walks every Nth column (default 0: rows only).")
    var coarseColumns: Int?

    @Option(help: "zbar scan density of the plain and retry passes: every Nth row and column (default: the profile's, images 1, video 2).")
    var density: Int?

    @Option(help: "Decode each loaded image this many times; decodeMillis is then the median (benchmarks).")
    var repetitions = 1

    @Flag(help: "Files are pairs of consecutive frames of one camera (125 ms apart; each pair a new stream): print only the symbols that count as scans, as the daemon's camera pipeline counts them (FrameConfirmation: weak reads need both frames). For scripts/camera_frames.py.")
    var confirmPairs = false

    @Argument(help: "Image files.")
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one image file") }
        guard maxFileBytes > 0, maxPixels > 0 else { throw ValidationError("limits must be positive") }
        guard ["images", "video"].contains(profile) else { throw ValidationError("profile is 'images' or 'video'") }
        guard (1...100_000).contains(repetitions) else { throw ValidationError("repetitions is 1…100000") }
        if let density, !(1...8).contains(density) { throw ValidationError("density is 1…8") }
        if let coarseRows, !(0...64).contains(coarseRows) { throw ValidationError("coarse-rows is 0…64") }
        if let coarseColumns, !(0...64).contains(coarseColumns) { throw ValidationError("coarse-columns is 0…64") }
        _ = try retryPasses()
    }

    func retryPasses() throws -> [RetryPass] {
        guard let passes else { return DecodeOptions.images.retryPasses }
        if passes == "none" || passes.isEmpty { return [] }
        return try passes.split(separator: ",").map { name in
            guard let pass = RetryPass(rawValue: String(name)), pass != .plain, pass != .coarse else {
                throw ValidationError("unknown pass '\(name)'")
            }
            return pass
        }
    }

    func run() async throws {
        var options = profile == "video" ? DecodeOptions.video : DecodeOptions.images
        if passes != nil || profile == "images" { options.retryPasses = try retryPasses() }
        if let coarseRows { options.coarse?.rowStep = coarseRows }
        if let coarseColumns { options.coarse?.columnStep = coarseColumns }
        if let coarse = options.coarse, coarse.rowStep == 0, coarse.columnStep == 0 { options.coarse = nil }
        if let density { options.zbar.xDensity = density; options.zbar.yDensity = density }
        let decoder = ImageFileDecoder(
            loader: ImageLoader(limits: ImageLimits(maxFileBytes: maxFileBytes, maxPixels: maxPixels)),
            decoder: BarcodeDecoder(options: options))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var failures = 0
        var confirmation = FrameConfirmation()
        let start = ContinuousClock.now
        for (index, file) in files.enumerated() {
            var result = await decoder.decodeFile(file, timing: timing, repetitions: repetitions)
            if confirmPairs {
                if index % 2 == 0 { confirmation = FrameConfirmation() }
                result = Self.counted(result, by: &confirmation, at: start + .milliseconds(125 * (index % 2)))
            }
            if result.error != nil { failures += 1 }
            if json {
                let line = try encoder.encode(result)
                print(String(decoding: line, as: UTF8.self))
            } else if let error = result.error {
                FileHandle.standardError.write(Data("\(file): error: \(error.message)\n".utf8))
            } else if let symbols = result.symbols, !symbols.isEmpty {
                for symbol in symbols { print("\(file): \(symbol.symbology) \(symbol.aim) \(symbol.text.debugDescription)") }
            } else {
                print("\(file): no symbol")
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }

    /// `result` with only the symbols `confirmation` counts at `now`.
    static func counted(
        _ result: FileDecodeResult, by confirmation: inout FrameConfirmation, at now: ContinuousClock.Instant
    ) -> FileDecodeResult {
        guard let symbols = result.symbols else { return result }
        let kept = confirmation.counted(symbols, at: now) { (Symbology(rawValue: $0.symbology) ?? .unknown, $0.text) }
        return FileDecodeResult(
            file: result.file, symbols: kept, error: result.error, loadMillis: result.loadMillis,
            decodeMillis: result.decodeMillis, zbarMillis: result.zbarMillis)
    }
}
