import Glibc
import Synchronization

/// A minimal pthread mutex (Foundation-free), for `CameraCapture`.
final class PThreadMutex: @unchecked Sendable {
    // @unchecked: the mutex is heap-allocated once and only used through pthread calls, which are thread-safe.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
}

/// Runs a blocking loop on its own POSIX thread, with a cancellation flag the loop polls.
final class CaptureThread: Sendable {
    private let body: @Sendable (_ isCancelled: @Sendable () -> Bool) -> Void
    private let cancelled = Atomic<Bool>(false)

    init(_ body: @escaping @Sendable (_ isCancelled: @Sendable () -> Bool) -> Void) { self.body = body }

    func cancel() { cancelled.store(true, ordering: .relaxed) }

    func start() {
        let box = Unmanaged.passRetained(self)
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { context in
            // Safe: `context` is the retained `CaptureThread` passed just below; released here once.
            guard let context else { return nil }
            let this = Unmanaged<CaptureThread>.fromOpaque(context).takeRetainedValue()
            this.body { this.cancelled.load(ordering: .relaxed) }
            return nil
        }, box.toOpaque())
        if status == 0 {
            pthread_detach(thread)
        } else {
            box.release()
            body { true }  // could not start: let the body finish its stream at once
        }
    }
}
