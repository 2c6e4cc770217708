import Foundation
import Metrics
import SelfScanCore
import SelfScanDevices

/// Decodes phones' camera frames with zbar on dedicated threads (never on the event loops or Swift's
/// cooperative pool, so scanner scans and API calls never wait behind camera frames).
///
/// Per session ("lane"): its own zbar scanner (zbar scanners are not shareable), at most one frame being
/// decoded and at most one waiting. A newer frame replaces the waiting one, which is answered `dropped`;
/// a frame that waited longer than `maxFrameAge` is dropped too. So the queue is bounded by two frames per
/// session and never piles up. Limits: frame size, frames/s per session, camera sessions per client address.
/// Weak reads (GS1 DataBar, short codes) count only once a second frame of the session agrees
/// (`FrameConfirmation`): sensor noise makes false DataBar reads, rarely the same one twice.
final class CameraFramePipeline: @unchecked Sendable {
    // @unchecked: every mutable field is guarded by `condition`; a lane's scanner is used only by the one
    // decode thread that marked the lane busy.

    enum Outcome: Sendable, Equatable {
        /// The reads that count as scans (empty: no code, or only reads still waiting for confirmation).
        case decoded([DecodedSymbol])
        /// Only weak reads that no earlier frame of the session confirmed yet: not scans (yet).
        case unconfirmed([DecodedSymbol])
        case dropped
    }

    let limits: CameraLimits
    private let condition = NSCondition()
    private var lanes: [String: Lane] = [:]
    private var ready: [String] = []
    private var runningThreads = 0
    /// The time source of the rate limit, frame ages and repeat window (tests freeze it: on a loaded machine a
    /// real second can pass between two submits and turn a refusal into an accepted frame).
    private let now: @Sendable () -> ContinuousClock.Instant
    private let metrics: Series?

    /// Called on the decode thread just before each decode (tests hold the thread here to line frames up).
    private let beforeDecode: (@Sendable () -> Void)?

    init(
        limits: CameraLimits = CameraLimits(), metrics: DaemonMetrics?,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
        beforeDecode: (@Sendable () -> Void)? = nil
    ) {
        self.limits = limits
        self.now = now
        self.metrics = metrics.map(Series.init)
        self.beforeDecode = beforeDecode
    }

    /// Checks the frame's geometry and size before its body is read.
    func checkGeometry(width: Int, height: Int) throws(CameraFrameError) {
        guard width > 0, height > 0 else { throw .badFrame("width and height must be positive") }
        guard width <= limits.maxWidth, height <= limits.maxHeight, width * height <= limits.maxFrameBytes else {
            throw .frameTooLarge(maxWidth: limits.maxWidth, maxHeight: limits.maxFrameBytes / limits.maxWidth)
        }
    }

    /// Queues `frame` for `session` and waits for its outcome.
    func submit(
        _ frame: Y800Frame, region: FrameRegion?, session: String, client: String
    ) async throws(CameraFrameError) -> Outcome {
        metrics?.received.increment()
        let result: Result<Outcome, CameraFrameError> = await withCheckedContinuation { continuation in
            enqueue(Job(frame: frame, region: region, continuation: continuation, queuedAt: now()),
                    session: session, client: client)
        }
        return try result.get()
    }

    /// `true` the first time `payload` is seen from `session` within `repeatWindow` (then it counts as a scan).
    func acceptsScan(of payload: String, session: String) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let now = self.now()
        guard let lane = lanes[session] else { return true }
        if let last = lane.lastPayload, last.text == payload, now - last.at < limits.repeatWindow {
            lane.lastPayload = (payload, now)
            return false
        }
        lane.lastPayload = (payload, now)
        return true
    }

    /// How many frames are waiting (not being decoded): for tests and metrics.
    var waitingFrames: Int {
        condition.lock()
        defer { condition.unlock() }
        return lanes.values.filter { $0.pending != nil }.count
    }

    /// How many sessions have a lane (a scanner).
    var laneCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return lanes.count
    }

    // MARK: Queue

    private struct Job {
        let frame: Y800Frame
        let region: FrameRegion?
        let continuation: CheckedContinuation<Result<Outcome, CameraFrameError>, Never>
        let queuedAt: ContinuousClock.Instant
    }

    private final class Lane {
        let client: String
        var scanner: VideoFrameScanner?
        var pending: Job?
        var busy = false
        var recent: [ContinuousClock.Instant] = []
        var lastUsed: ContinuousClock.Instant
        var lastPayload: (text: String, at: ContinuousClock.Instant)?
        /// Used only by the decode thread that marked the lane busy.
        var confirmation: FrameConfirmation
        init(client: String, now: ContinuousClock.Instant, confirmWindow: Duration) {
            self.client = client
            lastUsed = now
            confirmation = FrameConfirmation(window: confirmWindow)
        }
    }

    private func enqueue(_ job: Job, session: String, client: String) {
        condition.lock()
        let now = job.queuedAt
        expireIdleLanes(now: now)
        let lane: Lane
        if let existing = lanes[session] {
            lane = existing
        } else {
            let sameClient = lanes.values.filter { $0.client == client }.count
            guard sameClient < limits.sessionsPerClient else {
                condition.unlock()
                metrics?.refused("tooManyCameraSessions")
                job.continuation.resume(returning: .failure(.tooManyCameraSessions(perClient: limits.sessionsPerClient)))
                return
            }
            lane = Lane(client: client, now: now, confirmWindow: limits.confirmWindow)
            lanes[session] = lane
        }
        lane.recent.removeAll { now - $0 >= .seconds(1) }
        guard lane.recent.count < limits.framesPerSecond else {
            condition.unlock()
            metrics?.refused("frameRateExceeded")
            job.continuation.resume(returning: .failure(.frameRateExceeded(perSecond: limits.framesPerSecond)))
            return
        }
        lane.recent.append(now)
        lane.lastUsed = now
        let stale = lane.pending
        lane.pending = job
        if stale == nil, !lane.busy { ready.append(session) }
        if runningThreads < limits.decodeThreads {
            runningThreads += 1
            DedicatedThread.start(name: "selfscan-camera-decode") { [self] in work() }
        }
        condition.signal()
        condition.unlock()
        if let stale {
            metrics?.dropped.increment()
            stale.continuation.resume(returning: .success(.dropped))
        }
    }

    private func expireIdleLanes(now: ContinuousClock.Instant) {
        for (session, lane) in lanes where !lane.busy && lane.pending == nil && now - lane.lastUsed >= limits.idleLane {
            lanes[session] = nil
        }
    }

    /// A decode thread: takes ready lanes in turn; exits after a few idle seconds (restarted on demand).
    private func work() {
        condition.lock()
        while true {
            while ready.isEmpty {
                if !condition.wait(until: Date(timeIntervalSinceNow: 5)), ready.isEmpty {
                    runningThreads -= 1
                    condition.unlock()
                    return
                }
            }
            let session = ready.removeFirst()
            guard let lane = lanes[session], let job = lane.pending else { continue }
            lane.pending = nil
            if now() - job.queuedAt > limits.maxFrameAge {
                condition.unlock()
                metrics?.dropped.increment()
                job.continuation.resume(returning: .success(.dropped))
                condition.lock()
                continue
            }
            lane.busy = true
            condition.unlock()

            beforeDecode?()
            let started = now()
            if lane.scanner == nil { lane.scanner = VideoFrameScanner() }
            let result: Result<Outcome, CameraFrameError>
            if let scanner = lane.scanner, let symbols = try? scanner.scan(job.frame, region: job.region) {
                let counted = lane.confirmation.counted(symbols, at: now())
                result = .success(counted.isEmpty && !symbols.isEmpty ? .unconfirmed(symbols) : .decoded(counted))
                metrics?.decoded.increment()
                if !symbols.isEmpty { metrics?.withCode.increment() }
                if symbols.first?.pass == .coarse { metrics?.coarse.increment() }
                if counted.isEmpty && !symbols.isEmpty { metrics?.unconfirmed.increment() }
                metrics?.latency.recordNanoseconds(Self.nanoseconds(now() - started))
            } else {
                result = .failure(.decoderUnavailable)
            }
            job.continuation.resume(returning: result)

            condition.lock()
            lane.busy = false
            if lane.pending != nil { ready.append(session) }
        }
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// The pipeline's series on `/metrics`.
    struct Series: Sendable {
        let received: Metrics.Counter
        let decoded: Metrics.Counter
        let withCode: Metrics.Counter
        let unconfirmed: Metrics.Counter
        /// Frames settled by the coarse first pass (`CoarsePass`): the rest went through the full video pass.
        let coarse: Metrics.Counter
        let dropped: Metrics.Counter
        let latency: Metrics.Timer
        let base: DaemonMetrics

        init(_ metrics: DaemonMetrics) {
            base = metrics
            received = metrics.counter("selfscan_camera_frames_received_total", [])
            decoded = metrics.counter("selfscan_camera_frames_decoded_total", [])
            withCode = metrics.counter("selfscan_camera_frames_with_code_total", [])
            unconfirmed = metrics.counter("selfscan_camera_frames_unconfirmed_total", [])
            coarse = metrics.counter("selfscan_camera_frames_coarse_total", [])
            dropped = metrics.counter("selfscan_camera_frames_dropped_total", [])
            latency = Metrics.Timer(
                label: "selfscan_camera_decode_duration_seconds", dimensions: [], preferredDisplayUnit: .seconds, factory: metrics.factory)
        }

        func refused(_ code: String) {
            base.counter("selfscan_camera_frames_refused_total", [("code", code)]).increment()
        }
    }
}
