import CLibUSB
import Foundation
import Glibc
public import SelfScanCore

/// Reads a keyboard-wedge scanner through its evdev node (`/dev/input/eventN`), grabbed with EVIOCGRAB so
/// no keystroke reaches the kiosk UI, decoded with the scanner's layout. Owns the node (`PolledPort`); runs
/// one reader thread (poll with the decoder's deadline as timeout); `stop()` ungrabs and closes.
///
/// `@unchecked Sendable`: the port and decoder are used only by the reader thread; `stop()` only flips
/// the `ReaderThread` flag and waits for the thread to finish.
public final class EvdevScannerReader: @unchecked Sendable {
    public let path: String
    public let deviceID: DeviceID
    public let events: AsyncStream<ScannerEvent>
    private let continuation: AsyncStream<ScannerEvent>.Continuation
    private let profile: ScannerProfile
    private let thread = ReaderThread(name: "selfscan-evdev")

    public init(path: String, profile: ScannerProfile, deviceID: DeviceID? = nil) {
        self.path = path
        self.profile = profile
        self.deviceID = deviceID ?? DeviceID("evdev:\(path)")
        (events, continuation) = AsyncStream.makeStream(of: ScannerEvent.self, bufferingPolicy: .unbounded)
    }

    deinit { stop() }

    /// Opens and grabs the node, then starts reading.
    public func start() throws(ScannerError) {
        let port = try PolledPort.open(path)
        if profile.claim == .exclusive && clibusb_eviocgrab(port.rawValue, 1) != 0 {
            throw port.failedSetUp(.claimFailed, "EVIOCGRAB")
        }
        var name = [CChar](repeating: 0, count: 256)
        let product = clibusb_eviocgname(port.rawValue, &name, Int32(name.count)) >= 0
            ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : nil
        continuation.yield(.attached(ScannerDescription(
            deviceID: deviceID, usbID: profile.usbKey?.description, location: path, product: product,
            profileID: profile.id, protocolName: ScannerProtocol.evdev.rawValue,
            claim: profile.claim == .exclusive ? .claimed : .notClaimed)))
        thread.start { [self] in readLoop(port) }
    }

    /// Ungrabs, closes, ends the event stream. Idempotent.
    public func stop() {
        thread.stop()
    }

    private func readLoop(_ port: PolledPort) {
        var decoder = KeyboardWedgeDecoder(profile: profile)
        decoder.claimed(at: SystemTime.monotonicNanos())
        var translator = EvdevKeyTranslator()
        var assembler = ScanEventAssembler(deviceID: deviceID, profile: profile)
        let buffer = UnsafeMutableBufferPointer<input_event>.allocate(capacity: 64)
        defer { buffer.deallocate() }
        func emit(_ outputs: [DecoderOutput], _ now: UInt64) {
            for event in assembler.events(outputs, monotonic: now, wall: SystemClock().now()) {
                continuation.yield(event)
            }
        }
        let failure = port.readLoop(
            into: UnsafeMutableRawBufferPointer(buffer), isRunning: { thread.isRunning }, deadline: { decoder.deadline },
            received: { bytes, now in
                for event in buffer.prefix(bytes / MemoryLayout<input_event>.stride) {
                    for input in translator.translate(type: event.type, code: event.code, value: event.value) {
                        emit(decoder.handle(input, at: now), now)
                    }
                }
            },
            tick: { now in emit(decoder.tick(at: now), now) })
        if let failure { continuation.yield(.error(deviceID, failure)) }
        if profile.claim == .exclusive { _ = clibusb_eviocgrab(port.rawValue, 0) }
        port.close()
        continuation.yield(.detached(deviceID))
        continuation.finish()
    }
}
