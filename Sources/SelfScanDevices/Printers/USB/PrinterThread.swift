import Foundation
import Synchronization

/// The printer's own OS thread (a `ReaderThread`, like the scanner readers'): blocking libusb transfers run
/// there, one job at a time, in order; async callers await their job's result (STYLE.md 8).
final class PrinterThread: Sendable {
    private let thread = ReaderThread(name: "selfscan-printer")
    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let wake = DispatchSemaphore(value: 0)

    func start() {
        thread.start { [self] in
            while thread.isRunning {
                _ = wake.wait(timeout: .now() + .milliseconds(200))
                while let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { job() }
            }
            // Jobs queued after stop() still complete (their callers are waiting).
            while let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { job() }
        }
    }

    func stop() {
        thread.stop(timeout: .seconds(10)) { wake.signal() }
    }

    /// Runs `work` on the printer thread and blocks until it is done (for shutdown, off the async pool's hot path).
    func runAndWait(_ work: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        jobs.withLock { $0.append { work(); done.signal() } }
        if !thread.isRunning {
            if let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { job() }
        }
        wake.signal()
        _ = done.wait(timeout: .now() + 10)
    }

    /// Runs `work` on the printer thread and returns its result.
    func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            jobs.withLock { $0.append { continuation.resume(returning: work()) } }
            if !thread.isRunning {
                // Not started or stopped: run here rather than leave the caller waiting forever.
                if let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { job() }
                return
            }
            wake.signal()
        }
    }
}
