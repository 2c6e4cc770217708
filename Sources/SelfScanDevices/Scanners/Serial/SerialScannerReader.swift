import Foundation
import Glibc
public import SelfScanCore

/// Reads a serial scanner (USB CDC-ACM `/dev/ttyACM*`, or a USB-serial bridge) with termios: raw mode at
/// the profile's speed, exclusive (TIOCEXCL) when the profile claims, one scan per line. When the port
/// goes away it reports the error and reopens with backoff until stopped. Owns the port (`PolledPort`) and
/// its reader thread.
///
/// `@unchecked Sendable`: the port and decoder are used only by the reader thread; `stop()` flips
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
        let port = try openPort()
        thread.start { [self] in run(first: port) }
    }

    public func stop() {
        thread.stop()
    }

    private var isRunning: Bool { thread.isRunning }

    private func openPort() throws(ScannerError) -> PolledPort {
        let port = try PolledPort.open(path, terminal: true)
        var settings = termios()
        guard tcgetattr(port.rawValue, &settings) == 0 else {
            let failure = port.failedSetUp(.unsupported, "tcgetattr")
            throw ScannerError(.unsupported, "\(path) is not a terminal", systemCode: failure.systemCode)
        }
        cfmakeraw(&settings)
        settings.c_cflag |= tcflag_t(CLOCAL | CREAD)
        let speed = Self.speed(profile.baudRate)
        cfsetispeed(&settings, speed)
        cfsetospeed(&settings, speed)
        guard tcsetattr(port.rawValue, TCSANOW, &settings) == 0 else { throw port.failedSetUp(.ioFailed, "tcsetattr") }
        // TIOCEXCL: no second open of the port. ENOTTY (a node that is no real tty, e.g. umockdev's) is
        // tolerated: exclusivity is then best effort.
        if profile.claim == .exclusive && ioctl(port.rawValue, UInt(TIOCEXCL)) != 0
            && !PolledPort.lastCallFoundNoTerminal {
            throw port.failedSetUp(.claimFailed, "TIOCEXCL")
        }
        return port
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

    private func run(first: PolledPort) {
        var port: PolledPort? = first
        var attempts = 0
        var assembler = ScanEventAssembler(deviceID: deviceID, profile: profile)
        while isRunning {
            guard let open = port else {
                // Reconnect with backoff: 0.5 s, 1 s, 2 s … 30 s, in 100 ms naps so stop() stays prompt.
                let wait = Self.reconnect.ceiling(attempt: attempts).wholeMilliseconds
                var napped = 0
                while isRunning && napped < wait {
                    usleep(100_000)
                    napped += 100
                }
                guard isRunning else { break }
                do {
                    port = try openPort()
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
            let failure = readLoop(open, assembler: &assembler)
            open.close()
            port = nil
            continuation.yield(.detached(deviceID))
            if let failure {
                continuation.yield(.error(deviceID, failure))
                attempts = 1
            }
        }
        port?.close()
        continuation.finish()
    }

    /// Reads until stopped (nil) or the port fails (the error).
    private func readLoop(_ port: PolledPort, assembler: inout ScanEventAssembler) -> ScannerError? {
        var decoder = SerialLineDecoder(profile: profile)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 512, alignment: 1)
        defer { buffer.deallocate() }
        func emit(_ outputs: [DecoderOutput], _ now: UInt64) {
            for event in assembler.events(outputs, monotonic: now, wall: SystemClock().now()) {
                continuation.yield(event)
            }
        }
        return port.readLoop(
            into: buffer, isRunning: { isRunning }, deadline: { decoder.deadline },
            received: { bytes, now in emit(decoder.handle(bytes: Array(buffer.prefix(bytes)), at: now), now) },
            tick: { now in emit(decoder.tick(at: now), now) })
    }
}
