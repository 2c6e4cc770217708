import Glibc

/// The adapters' monotonic clock, for decoders' timeouts (elapsed time between key strokes, reports and retries:
/// a different concept from a moment, never compared with one). The wall-clock `Instant` stamped on a
/// `ScanEvent` is Core's `SystemClock`. Decoders never read either themselves (time is injected).
enum SystemTime {
    static func monotonicNanos() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
