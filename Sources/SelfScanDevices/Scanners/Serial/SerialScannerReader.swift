import Foundation
import Glibc
public import SelfScanCore

/// Reads a serial scanner (USB CDC-ACM `/dev/ttyACM*`, or a USB-serial bridge) with termios: raw mode at
/// the profile's speed, exclusive (TIOCEXCL) when the profile claims, one scan per line. When the port
/// goes away it reports the error and reopens with backoff until stopped. Owns the file descriptor and
/// its reader thread.
///
/// `@unchecked Sendable`: the fd and decoder are used only by the reader thread; `stop()` flips a
/// the `ReaderThread` flag and waits for the thread.
public final class SerialScannerReader: ScannerSource, @unchecked Sendable {
    public let path: String
    public let deviceID: DeviceID
    public let events: AsyncStream<ScannerEvent>
    private let continuation: AsyncStream<ScannerEvent>.Continuation
    private let profile: ScannerProfile
    private let thread = ReaderThread(name: "selfscan-serial")

    public init(path: String, profile: ScannerProfile, deviceID: DeviceID? = nil) {
        self.path = path
        self.profile = profile
        self.deviceID = deviceID ?? DeviceID("serial:\(path)")
        (events, continuation) = AsyncStream.makeStream(of: ScannerEvent.self, bufferingPolicy: .unbounded)
    }

    deinit { stop() }

    /// Opens the port once (a first failure is thrown), then reads and reconnects on its own thread.
    public func start() throws(ScannerError) {
        let fd = try openPort()
        thread.start { [self] in run(firstFD: fd) }
    }

    public func stop() {
        thread.stop()
    }

    private var isRunning: Bool { thread.isRunning }

    private func openPort() throws(ScannerError) -> Int32 {
        let fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            throw ScannerError(.openFailed, "open \(path): \(String(cString: strerror(errno)))", systemCode: errno)
        }
        var settings = termios()
        guard tcgetattr(fd, &settings) == 0 else {
            let code = errno
            close(fd)
            throw ScannerError(.unsupported, "\(path) is not a terminal", systemCode: code)
        }
        cfmakeraw(&settings)
        settings.c_cflag |= tcflag_t(CLOCAL | CREAD)
        let speed = Self.speed(profile.baudRate)
        cfsetispeed(&settings, speed)
        cfsetospeed(&settings, speed)
        guard tcsetattr(fd, TCSANOW, &settings) == 0 else {
            let code = errno
            close(fd)
            throw ScannerError(.ioFailed, "tcsetattr \(path): \(String(cString: strerror(code)))", systemCode: code)
        }
        // TIOCEXCL: no second open of the port. ENOTTY (a node that is no real tty, e.g. umockdev's) is
        // tolerated: exclusivity is then best effort.
        if profile.claim == .exclusive && ioctl(fd, UInt(TIOCEXCL)) != 0 && errno != ENOTTY {
            let code = errno
            close(fd)
            throw ScannerError(.claimFailed, "TIOCEXCL \(path): \(String(cString: strerror(code)))", systemCode: code)
        }
        return fd
    }

    static func speed(_ baud: Int) -> speed_t {
        switch baud {
        case 1200: speed_t(B1200)
        case 2400: speed_t(B2400)
        case 4800: speed_t(B4800)
        case 19200: speed_t(B19200)
        case 38400: speed_t(B38400)
        case 57600: speed_t(B57600)
        case 115200: speed_t(B115200)
        case 230400: speed_t(B230400)
        default: speed_t(B9600)
        }
    }

    /// Reconnection schedule: 0.5 s, 1 s, 2 s … 30 s.
    static let reconnect = BackoffPolicy(base: .milliseconds(500), maximum: .seconds(30))

    private func run(firstFD: Int32) {
        var fd: Int32? = firstFD
        var attempts = 0
        var assembler = ScanEventAssembler(deviceID: deviceID, profile: profile)
        while isRunning {
            guard let open = fd else {
                // Reconnect with backoff: 0.5 s, 1 s, 2 s … 30 s, in 100 ms naps so stop() stays prompt.
                let wait = Self.reconnect.ceiling(attempt: attempts).wholeMilliseconds
                var napped = 0
                while isRunning && napped < wait {
                    usleep(100_000)
                    napped += 100
                }
                guard isRunning else { break }
                do {
                    fd = try openPort()
                    attempts = 0
                } catch {
                    attempts += 1
                    if attempts == 1 { continuation.yield(.error(deviceID, error)) }
                }
                continue
            }
            continuation.yield(.attached(ScannerDescription(
                deviceID: deviceID, usbID: profile.usbKey?.description, location: path, product: nil,
                profileID: profile.id, protocolName: profile.protocol.rawValue,
                claim: profile.claim == .exclusive ? .claimed : .notClaimed)))
            let failure = readLoop(fd: open, assembler: &assembler)
            close(open)
            fd = nil
            continuation.yield(.detached(deviceID))
            if let failure {
                continuation.yield(.error(deviceID, failure))
                attempts = 1
            }
        }
        if let fd { close(fd) }
        continuation.finish()
    }

    /// Reads until stopped (nil) or the port fails (the error).
    private func readLoop(fd: Int32, assembler: inout ScanEventAssembler) -> ScannerError? {
        var decoder = SerialLineDecoder(profile: profile)
        var buffer = [UInt8](repeating: 0, count: 512)
        func emit(_ outputs: [DecoderOutput], _ now: UInt64) {
            for event in assembler.events(outputs, monotonic: now, wall: SystemTime.wallNanos()) {
                continuation.yield(event)
            }
        }
        while isRunning {
            var timeoutMillis: Int32 = 100
            if let deadline = decoder.deadline {
                let now = SystemTime.monotonicNanos()
                timeoutMillis = deadline > now ? Int32(min(100, (deadline - now) / 1_000_000 + 1)) : 0
            }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, timeoutMillis)
            let now = SystemTime.monotonicNanos()
            if ready < 0 && errno == EINTR { continue }
            if ready > 0 && poller.revents & Int16(POLLIN) != 0 {
                let got = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if got < 0 && (errno == EAGAIN || errno == EINTR) { continue }
                if got <= 0 {
                    return ScannerError(.disconnected, "\(path) closed", systemCode: got < 0 ? errno : nil)
                }
                emit(decoder.handle(bytes: Array(buffer.prefix(got)), at: now), now)
            } else if ready > 0 && poller.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                return ScannerError(.disconnected, "\(path) hung up")
            }
            emit(decoder.tick(at: now), now)
        }
        return nil
    }
}
