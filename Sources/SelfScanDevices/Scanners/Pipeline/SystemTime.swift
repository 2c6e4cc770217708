import Glibc

/// The adapters' clocks: monotonic nanoseconds for decoders' timeouts, wall-clock nanoseconds for
/// `ScanEvent.timestampNanos`. Decoders never read these themselves (time is injected).
enum SystemTime {
    static func monotonicNanos() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    static func wallNanos() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
