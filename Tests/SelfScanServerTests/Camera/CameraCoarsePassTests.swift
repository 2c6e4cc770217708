import SelfScanDemo
import SelfScanDevices
import Testing
@testable import SelfScanServer

/// The video profile's coarse first pass (`CoarsePass.retailRows`: every 8th row, no columns) settles a level
/// EAN-13 frame on its own; frames it cannot settle still read through the full pass, as before it existed.
@Suite struct CameraCoarsePassTests {
    static func coffee() throws -> String { try DemoCodes.ean(DemoCatalog.coffee) }

    /// What the coarse pass alone reads (no full pass, no retry passes).
    static func coarseOnly(_ frame: Y800Frame) throws -> [DecodedSymbol] {
        try BarcodeDecoder(options: DecodeOptions(zbar: CoarsePass.retailRows.zbar, retryPasses: [])).decodeBlocking(frame: frame)
    }

    /// Turned 90° clockwise: the bars become horizontal, crossed by columns only.
    static func turned(_ frame: Y800Frame) throws -> Y800Frame {
        let image = frame.greyImage().rotated90()
        return try Y800Frame(width: image.width, height: image.height, stride: image.width, bytes: image.pixels)
    }

    /// The camera benchmark's frame (scripts/bench_camera.py): 1280×720, 4 px per module, level.
    @Test func theCoarsePassSettlesALevelEAN13Frame() throws {
        let frame = try EAN13Frame.frame(try Self.coffee(), width: 1280, height: 720, module: 4)
        let scanner = try #require(VideoFrameScanner())
        let symbols = try scanner.scan(frame)
        #expect(symbols.map(\.text) == [try Self.coffee()])
        #expect(symbols.map(\.pass) == [.coarse])
        #expect(symbols.first?.aim == .ean13)
    }

    /// Bars horizontal: no row crosses them, so the coarse pass finds nothing and the full pass's column
    /// walk reads the code.
    @Test func aFrameTheCoarsePassMissesIsReadByTheFullPass() throws {
        let frame = try Self.turned(try EAN13Frame.frame(try Self.coffee(), width: 1280, height: 720, module: 4))
        #expect(try Self.coarseOnly(frame).isEmpty)
        let scanner = try #require(VideoFrameScanner())
        let symbols = try scanner.scan(frame)
        #expect(symbols.map(\.text) == [try Self.coffee()])
        #expect(symbols.map(\.pass) == [.plain])
    }

    /// A code only a few pixels tall is crossed by one coarse row: one row is not enough to settle the frame
    /// (a misread of one noisy row must not stand), so the full pass reads it again on its rows.
    @Test func aReadOnASingleCoarseRowFallsBackToTheFullPass() throws {
        // 16 rows, bars on rows 4..<12: the coarse pass walks rows 4 and 12 (zbar centres its lines: the first
        // at (15 % 8 + 1) / 2), so one row crosses the bars; the full pass crosses them on rows 5, 7, 9, 11.
        let frame = try EAN13Frame.frame(try Self.coffee(), width: 640, height: 16, module: 3)
        let coarse = try Self.coarseOnly(frame)
        #expect(coarse.map(\.text) == [try Self.coffee()])
        #expect(coarse.map(\.quality) == [1])
        let symbols = try #require(VideoFrameScanner()).scan(frame)
        #expect(symbols.map(\.text) == [try Self.coffee()])
        #expect(symbols.map(\.pass) == [.plain])
    }

    /// The daemon counts the frames the coarse pass settled (`selfscan_camera_frames_coarse_total`), so the
    /// hit rate on real streams is visible beside `selfscan_camera_frames_decoded_total`.
    @Test func thePipelineCountsFramesSettledByTheCoarsePass() async throws {
        let metrics = DaemonMetrics()
        let pipeline = CameraFramePipeline(metrics: metrics)
        let level = try EAN13Frame.frame(try Self.coffee(), width: 1280, height: 720, module: 4)
        guard case let .decoded(first) = try await pipeline.submit(level, region: nil, session: "S1", client: "c") else {
            Issue.record("level frame not decoded"); return
        }
        #expect(first.map(\.pass) == [.coarse])
        guard case let .decoded(second) = try await pipeline.submit(try Self.turned(level), region: nil, session: "S2", client: "c") else {
            Issue.record("turned frame not decoded"); return
        }
        #expect(second.map(\.pass) == [.plain])
        var buffer: [UInt8] = []
        metrics.registry.emit(into: &buffer)
        let text = String(decoding: buffer, as: UTF8.self)
        #expect(text.contains("selfscan_camera_frames_coarse_total 1\n"), "\(text)")
        #expect(text.contains("selfscan_camera_frames_decoded_total 2\n"), "\(text)")
    }
}
