import Dispatch
import Foundation
import SelfScanDemo
import SelfScanDevices
import Synchronization
import Testing
@testable import SelfScanServer
import SelfScanTestSupport

/// The camera frame pipeline: bounded latest-wins queue per session, abuse limits, per-session scanners,
/// results equal to zbarimg's.
@Suite struct CameraFramePipelineTests {
    /// Holds the decode thread before each decode until the test releases it; reports each arrival.
    final class DecodeGate: Sendable {
        let arrived: AsyncStream<Void>
        private let arrivedContinuation: AsyncStream<Void>.Continuation
        private let release = DispatchSemaphore(value: 0)
        init() { (arrived, arrivedContinuation) = AsyncStream.makeStream() }
        func hold() {
            arrivedContinuation.yield()
            release.wait()
        }
        func open(_ count: Int = 1) { for _ in 0..<count { release.signal() } }
    }

    static func coffee() throws -> Y800Frame { try EAN13Frame.frame(try DemoCodes.ean(DemoCatalog.coffee)) }

    /// Waits (yielding, bounded) until `condition` holds.
    static func until(_ condition: () -> Bool) async throws {
        for _ in 0..<100_000 where !condition() { await Task.yield() }
        #expect(condition())
    }

    @Test func staleFramesAreDroppedNotQueued() async throws {
        let gate = DecodeGate()
        var limits = CameraLimits()
        limits.maxFrameAge = .seconds(600)  // only replacement drops here, however slow the machine
        let pipeline = CameraFramePipeline(limits: limits, metrics: DaemonMetrics(), beforeDecode: { gate.hold() })
        let frame = try Self.coffee()
        var arrivals = gate.arrived.makeAsyncIterator()
        let first = Task { try await pipeline.submit(frame, region: nil, session: "S1", client: "c") }
        _ = await arrivals.next()  // frame 1 is on the decode thread
        let second = Task { try await pipeline.submit(frame, region: nil, session: "S1", client: "c") }
        try await Self.until { pipeline.waitingFrames == 1 }
        let third = Task { try await pipeline.submit(frame, region: nil, session: "S1", client: "c") }
        // The third replaces the second, which is answered at once: never decoded, never piled up.
        #expect(try await second.value == .dropped)
        #expect(pipeline.waitingFrames == 1)
        gate.open(2)
        guard case let .decoded(symbols) = try await first.value else { Issue.record("first frame not decoded"); return }
        #expect(symbols.first?.text == (try DemoCodes.ean(DemoCatalog.coffee)))
        guard case .decoded = try await third.value else { Issue.record("latest frame not decoded"); return }
        #expect(pipeline.waitingFrames == 0)
    }

    /// The pipeline's clock is frozen: with a real clock a loaded machine could let a second pass between the
    /// first and third submits, the third frame would be accepted and wait on the held decode thread forever
    /// (that hung the whole parallel suite).
    @Test func framesPerSecondAreLimitedPerSession() async throws {
        let gate = DecodeGate()
        var limits = CameraLimits()
        limits.framesPerSecond = 2
        let frozen = ContinuousClock.now
        let pipeline = CameraFramePipeline(limits: limits, metrics: nil, now: { frozen }, beforeDecode: { gate.hold() })
        let frame = try Self.coffee()
        var arrivals = gate.arrived.makeAsyncIterator()
        let first = Task { try await pipeline.submit(frame, region: nil, session: "S1", client: "c") }
        _ = await arrivals.next()
        let second = Task { try await pipeline.submit(frame, region: nil, session: "S1", client: "c") }
        try await Self.until { pipeline.waitingFrames == 1 }
        await #expect(throws: CameraFrameError.frameRateExceeded(perSecond: 2)) {
            try await pipeline.submit(frame, region: nil, session: "S1", client: "c")
        }
        // Another session has its own budget.
        let other = Task { try await pipeline.submit(frame, region: nil, session: "S2", client: "c") }
        try await Self.until { pipeline.waitingFrames == 2 }
        gate.open(3)
        for task in [first, second, other] { _ = try await task.value }
    }

    @Test func cameraSessionsAreLimitedPerClientAddress() async throws {
        var limits = CameraLimits()
        limits.sessionsPerClient = 2
        let pipeline = CameraFramePipeline(limits: limits, metrics: nil)
        let frame = try Self.coffee()
        _ = try await pipeline.submit(frame, region: nil, session: "S1", client: "10.0.0.5")
        _ = try await pipeline.submit(frame, region: nil, session: "S2", client: "10.0.0.5")
        await #expect(throws: CameraFrameError.tooManyCameraSessions(perClient: 2)) {
            try await pipeline.submit(frame, region: nil, session: "S3", client: "10.0.0.5")
        }
        _ = try await pipeline.submit(frame, region: nil, session: "S3", client: "10.0.0.6")
        #expect(pipeline.laneCount == 3)
    }

    @Test func eachSessionHasItsOwnScannerAndRepeatWindow() async throws {
        let pipeline = CameraFramePipeline(metrics: nil)
        let code = try DemoCodes.ean(DemoCatalog.coffee)
        let frame = try Self.coffee()
        let blank = try Y800Frame(width: 64, height: 64, stride: 64, bytes: [UInt8](repeating: 200, count: 64 * 64))
        // A blank frame on one session does not disturb the other's decode (no shared zbar state).
        #expect(try await pipeline.submit(blank, region: nil, session: "A", client: "c") == .decoded([]))
        guard case let .decoded(symbols) = try await pipeline.submit(frame, region: nil, session: "B", client: "c") else {
            Issue.record("not decoded"); return
        }
        #expect(symbols.map(\.text) == [code])
        #expect(pipeline.laneCount == 2)
        #expect(pipeline.acceptsScan(of: code, session: "B"))
        #expect(!pipeline.acceptsScan(of: code, session: "B"))  // the same steady aim: one product
        #expect(pipeline.acceptsScan(of: code, session: "A"))   // another phone scanning the same product
    }

    @Test func regionOfInterestLimitsTheSearch() async throws {
        let pipeline = CameraFramePipeline(metrics: nil)
        let frame = try Self.coffee()
        #expect(try await pipeline.submit(frame, region: FrameRegion(x: 0, y: 0, width: 640, height: 60), session: "R", client: "c") == .decoded([]))
        guard case let .decoded(symbols) = try await pipeline.submit(
            frame, region: FrameRegion(x: 100, y: 80, width: 440, height: 200), session: "R", client: "c")
        else { Issue.record("not decoded"); return }
        #expect(symbols.map(\.text) == [try DemoCodes.ean(DemoCatalog.coffee)])
        // Locations stay in frame coordinates.
        #expect(symbols.first?.location.allSatisfy { $0.x >= 100 && $0.y >= 80 } == true)
    }

    @Test func decodesWhatZbarimgDecodesOnTheSameFrame() async throws {
        let pipeline = CameraFramePipeline(metrics: nil)
        let directory = try makeTemporaryDirectory("zbarimg")
        for product in [DemoCatalog.coffee, DemoCatalog.pasta, DemoCatalog.yogurt] {
            let frame = try EAN13Frame.frame(try DemoCodes.ean(product), width: 640, height: 480, module: 2)
            let path = "\(directory)/\(product).pgm"
            try EAN13Frame.pgm(frame).write(to: URL(fileURLWithPath: path))
            let data = try ChildProcess.run("/usr/bin/zbarimg", ["--raw", "-q", "-Sdisable", "-Sean13.enable", path]).stdout
            let zbarimg = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
            guard case let .decoded(symbols) = try await pipeline.submit(frame, region: nil, session: "Z", client: "c") else {
                Issue.record("dropped"); return
            }
            #expect(!zbarimg.isEmpty)
            #expect(symbols.map(\.text) == zbarimg, "\(product)")
            _ = pipeline.acceptsScan(of: "", session: "Z")
        }
    }
}
