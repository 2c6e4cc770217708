#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The one way blocking work leaves Swift's cooperative pool (STYLE.md 8 and 15): an OS thread of its own for
/// a blocking call (an fsynced transaction, a socket waiting minutes for a card terminal, a curses loop, a
/// reader's poll loop). A kiosk has two cooperative threads; one blocked on an fsync halves its API.
///
/// Not I/O itself (it only starts a thread), so it sits with the other cross-cutting schedule helpers in the
/// lowest module every adapter, server and client links.
public enum DedicatedThread {
    /// Runs `body` on a new thread named `name` and suspends (without holding a cooperative thread) until it
    /// returns; its result or error is this call's.
    public static func run<Value: Sendable, Failure: Error>(
        name: String, _ body: @escaping @Sendable () throws(Failure) -> Value
    ) async throws(Failure) -> Value {
        let result: Result<Value, Failure> = await withCheckedContinuation { continuation in
            start(name: name) {
                do throws(Failure) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    /// Starts `body` on a new detached thread named `name` (its first 15 bytes: Linux's limit)
    /// and returns at once: for loops that run until told to stop (`ReaderThread`) and workers that exit on
    /// their own. Stops the process if the system refuses a thread (`EAGAIN`: it is out of threads or memory,
    /// and nothing the caller can do would help).
    public static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        let context = Unmanaged.passRetained(Work(name: name, body: body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, dedicatedThreadEntry, context)
        precondition(status == 0, "cannot start thread \(name): pthread_create returned \(status)")
        pthread_detach(thread)
    }

    /// The new thread: names itself, runs its work, ends.
    fileprivate static func enter(_ context: UnsafeMutableRawPointer) {
        let work = Unmanaged<Work>.fromOpaque(context).takeRetainedValue()
        nameCurrentThread(work.name)
        work.body()
    }

    /// Names the calling thread for `ps -L`, `perf` and debuggers, best effort: what `pthread_setname_np` does
    /// (which Swift's Glibc module does not export), a write of at most 15 bytes to `/proc/thread-self/comm`.
    private static func nameCurrentThread(_ name: String) {
        let descriptor = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        let bytes = Array(name.utf8.prefix(15))
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
    }

    /// What the new thread runs, handed over through `pthread_create`'s context pointer.
    fileprivate final class Work: Sendable {
        let name: String
        let body: @Sendable () -> Void

        init(name: String, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }
}

/// `pthread_create`'s entry point (a C function: it captures nothing).
private func dedicatedThreadEntry(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    if let context { DedicatedThread.enter(context) }
    return nil
}
