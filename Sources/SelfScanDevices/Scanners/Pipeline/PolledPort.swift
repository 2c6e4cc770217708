import Glibc
import SystemPackage

/// A device node opened non-blocking with swift-system's `FileDescriptor` and read by one reader thread: the
/// one open / poll / read / close of the evdev and serial readers, with failures as `ScannerError`s carrying
/// the `Errno`.
struct PolledPort {
    let descriptor: FileDescriptor
    let path: String

    /// Opens `path` non-blocking and close-on-exec: read-only (an input node), or read-write without becoming
    /// the process's controlling terminal (a tty).
    static func open(_ path: String, terminal: Bool = false) throws(ScannerError) -> PolledPort {
        do {
            let descriptor = try FileDescriptor.open(
                FilePath(path), terminal ? .readWrite : .readOnly,
                options: [.nonBlocking, .closeOnExec, terminal ? FileDescriptor.OpenOptions(rawValue: O_NOCTTY) : []])
            return PolledPort(descriptor: descriptor, path: path)
        } catch {
            let code = (error as? Errno) ?? Errno(rawValue: errno)
            throw ScannerError(.openFailed, "open \(path): \(code)", systemCode: code.rawValue)
        }
    }

    var rawValue: CInt { descriptor.rawValue }

    /// Closes the node; a failure to close is of no use to anyone at this point and is ignored.
    func close() {
        try? descriptor.close()
    }

    /// The `ScannerError` for a failed set-up call (`ioctl`, `tcsetattr`…) that left its code in `errno`; the
    /// port is closed, since the caller throws this.
    func failedSetUp(_ kind: ScannerError.Code, _ call: String) -> ScannerError {
        let code = Errno(rawValue: errno)
        close()
        return ScannerError(kind, "\(call) \(path): \(code)", systemCode: code.rawValue)
    }

    /// Whether the last failed call said the node is no terminal (`ENOTTY`).
    static var lastCallFoundNoTerminal: Bool { Errno(rawValue: errno) == .inappropriateIOCTLForDevice }

    /// Reads until `isRunning()` turns false (returns nil) or the node fails (returns why): waits at most
    /// 100 ms, less when `deadline()` (a monotonic instant, the decoder's) comes sooner; hands what was read to
    /// `received` (`buffer`'s first N bytes) and calls `tick` after every wake-up, with the monotonic time.
    func readLoop(
        into buffer: UnsafeMutableRawBufferPointer, isRunning: () -> Bool, deadline: () -> UInt64?,
        received: (Int, UInt64) -> Void, tick: (UInt64) -> Void
    ) -> ScannerError? {
        while isRunning() {
            var timeoutMillis: Int32 = 100
            if let deadline = deadline() {
                let now = SystemTime.monotonicNanos()
                timeoutMillis = deadline > now ? Int32(min(100, (deadline - now) / 1_000_000 + 1)) : 0
            }
            var poller = pollfd(fd: descriptor.rawValue, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, timeoutMillis)
            let now = SystemTime.monotonicNanos()
            if ready < 0 && Errno(rawValue: errno) == .interrupted { continue }
            if ready > 0 && poller.revents & Int16(POLLIN) != 0 {
                do {
                    let got = try descriptor.read(into: buffer)
                    guard got > 0 else { return ScannerError(.disconnected, "\(path) closed") }
                    received(got, now)
                } catch let code as Errno {
                    if code == .resourceTemporarilyUnavailable || code == .wouldBlock || code == .interrupted { continue }
                    // ENODEV (an input node removed) and EIO (a tty hung up): the device went away.
                    let gone = code == .operationNotSupportedByDevice || code == .ioError
                    return ScannerError(gone ? .disconnected : .ioFailed, "read \(path): \(code)", systemCode: code.rawValue)
                } catch {
                    return ScannerError(.ioFailed, "read \(path): \(error)")
                }
            } else if ready > 0 && poller.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                return ScannerError(.disconnected, "\(path) went away")
            }
            tick(now)
        }
        return nil
    }
}
