import Glibc
import SelfScanCore

/// The adapters' clocks: monotonic nanoseconds for decoders' timeouts (elapsed time between key strokes,
/// reports and retries: a different concept from a moment, never compared with one), and the wall-clock
/// `Instant` stamped on a `ScanEvent`. Decoders never read these themselves (time is injected).
enum SystemTime {
    static func monotonicNanos() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    static func wallNow() -> Instant {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Instant(nanosecondsSinceEpoch: Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec))
    }
}
