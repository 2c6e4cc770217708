import CLibUSB
import Foundation
import Glibc
public import SelfScanCore

/// Reads a keyboard-wedge scanner through its evdev node (`/dev/input/eventN`), grabbed with EVIOCGRAB so
/// no keystroke reaches the kiosk UI, decoded with the scanner's layout. Owns the file descriptor; runs
/// one reader thread (poll with the decoder's deadline as timeout); `stop()` ungrabs and closes.
///
/// `@unchecked Sendable`: the fd and decoder are used only by the reader thread; `stop()` only flips a
/// the `ReaderThread` flag and waits for the thread to finish.
public final class EvdevScannerReader: @unchecked Sendable {
    public let path: String
    public let deviceID: DeviceID
    public let events: AsyncStream<ScannerEvent>
    private let continuation: AsyncStream<ScannerEvent>.Continuation
    private let profile: ScannerProfile
    private let thread = ReaderThread(name: "selfscan-evdev")
    private var fd: Int32 = -1

    public init(path: String, profile: ScannerProfile, deviceID: DeviceID? = nil) {
        self.path = path
        self.profile = profile
        self.deviceID = deviceID ?? DeviceID("evdev:\(path)")
        (events, continuation) = AsyncStream.makeStream(of: ScannerEvent.self, bufferingPolicy: .unbounded)
    }

    deinit { stop() }

    /// Opens and grabs the node, then starts reading.
    public func start() throws(ScannerError) {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ScannerError(.openFailed, "open \(path): \(String(cString: strerror(errno)))", systemCode: errno)
        }
        if profile.claim == .exclusive && clibusb_eviocgrab(descriptor, 1) != 0 {
            let code = errno
            close(descriptor)
            throw ScannerError(.claimFailed, "EVIOCGRAB \(path): \(String(cString: strerror(code)))", systemCode: code)
        }
        fd = descriptor
        var name = [CChar](repeating: 0, count: 256)
        let product = clibusb_eviocgname(descriptor, &name, Int32(name.count)) >= 0
            ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : nil
        continuation.yield(.attached(ScannerDescription(
            deviceID: deviceID, usbID: profile.usbKey?.description, location: path, product: product,
            profileID: profile.id, protocolName: ScannerProtocol.evdev.rawValue,
            claim: profile.claim == .exclusive ? .claimed : .notClaimed)))
        thread.start { [self] in readLoop() }
    }

    /// Ungrabs, closes, ends the event stream. Idempotent.
    public func stop() {
        thread.stop()
    }

    private func readLoop() {
        var decoder = KeyboardWedgeDecoder(profile: profile)
        decoder.claimed(at: SystemTime.monotonicNanos())
        var translator = EvdevKeyTranslator()
        var assembler = ScanEventAssembler(deviceID: deviceID, profile: profile)
        let eventSize = MemoryLayout<input_event>.stride
        var buffer = [input_event](repeating: input_event(), count: 64)
        func emit(_ outputs: [DecoderOutput], _ now: UInt64) {
            for event in assembler.events(outputs, monotonic: now, wall: SystemTime.wallNanos()) {
                continuation.yield(event)
            }
        }
        while thread.isRunning {
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
                let got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if got < 0 && (errno == EAGAIN || errno == EINTR) { continue }
                if got <= 0 {
                    continuation.yield(.error(deviceID, ScannerError(
                        got == 0 || errno == ENODEV ? .disconnected : .ioFailed, "read \(path) failed", systemCode: errno)))
                    break
                }
                for index in 0..<(got / eventSize) {
                    let event = buffer[index]
                    for input in translator.translate(type: event.type, code: event.code, value: event.value) {
                        emit(decoder.handle(input, at: now), now)
                    }
                }
            } else if ready > 0 && poller.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                continuation.yield(.error(deviceID, ScannerError(.disconnected, "\(path) went away")))
                break
            }
            emit(decoder.tick(at: now), now)
        }
        if profile.claim == .exclusive { _ = clibusb_eviocgrab(fd, 0) }
        close(fd)
        fd = -1
        continuation.yield(.detached(deviceID))
        continuation.finish()
    }
}
