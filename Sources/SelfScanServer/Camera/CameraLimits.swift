/// The camera pipeline's bounds (abuse limits and staleness). Defaults suit phones sending ≤ 640 px frames
/// at ≤ 10 frames/s; see docs/api.md "Camera frames".
struct CameraLimits: Sendable, Equatable {
    var maxWidth = 1280
    var maxHeight = 1280
    /// Largest body: `maxWidth × 720` bytes of Y800 (a 720p frame), under the 1 MiB body limit.
    var maxFrameBytes = 1280 * 720
    /// Frames accepted per session within any one second; more → `429 frameRateExceeded`.
    var framesPerSecond = 15
    /// Sessions streaming at once from one client address; more → `429 tooManyCameraSessions`.
    var sessionsPerClient = 4
    /// A frame still waiting after this long is stale: answered `dropped`, never decoded.
    var maxFrameAge: Duration = .milliseconds(750)
    /// A session that sent no frame for this long frees its scanner and its place in the per-client count.
    var idleLane: Duration = .seconds(60)
    /// The same code from the same session within this window is one scan (one product per steady aim).
    var repeatWindow: Duration = .milliseconds(1500)
    /// A weak read (GS1 DataBar, EAN-8, UPC-E, short Code 128) counts only when another frame of the session
    /// read the same within this window (`FrameConfirmation`).
    var confirmWindow: Duration = .seconds(1)
    /// Decode threads (dedicated, outside Swift's cooperative pool and the event loops).
    var decodeThreads = 1
}
