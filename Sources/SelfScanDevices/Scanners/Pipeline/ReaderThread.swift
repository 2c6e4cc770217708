import Foundation
import SelfScanCore
import Synchronization

/// One dedicated OS thread running a blocking loop until `stop()` (STYLE.md 8: blocking C stays off the
/// cooperative pool). The start/stop handshake every blocking reader shares: a `running` flag the loop
/// polls, and a semaphore `stop()` waits on so the loop's cleanup (ungrab, close) is done when it returns.
final class ReaderThread: Sendable {
    private let name: String
    private let running = Mutex(false)
    private let done = DispatchSemaphore(value: 0)

    init(name: String) {
        self.name = name
    }

    /// Whether the loop should go on: the loop checks this between blocking calls.
    var isRunning: Bool { running.withLock { $0 } }

    /// Starts `loop` on a new thread, unless it is already running (then does nothing and returns false).
    @discardableResult
    func start(_ loop: @escaping @Sendable () -> Void) -> Bool {
        let alreadyRunning = running.withLock { value -> Bool in
            defer { value = true }
            return value
        }
        guard !alreadyRunning else { return false }
        DedicatedThread.start(name: name) { [done] in
            loop()
            done.signal()
        }
        return true
    }

    /// Asks the loop to end, calls `interrupt` (to wake a blocking call), and waits for the loop to finish, at
    /// most `timeout`. Returns false when it was not running. Idempotent.
    @discardableResult
    func stop(timeout: DispatchTimeInterval = .seconds(2), interrupt: () -> Void = {}) -> Bool {
        let wasRunning = running.withLock { value -> Bool in
            defer { value = false }
            return value
        }
        guard wasRunning else { return false }
        interrupt()
        _ = done.wait(timeout: .now() + timeout)
        return true
    }
}
