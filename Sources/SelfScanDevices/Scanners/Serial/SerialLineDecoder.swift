/// Frames a serial scanner's byte stream into scans: one line per scan, ended by the profile's suffix
/// (`enter`: CR, LF or CR LF; `tab`: HT), then prefix and AIM id per `ScanFraming`. A line cut by the
/// inter-character timeout, or with bytes no scanner sends (NUL, invalid UTF-8: typically a wrong baud
/// rate), is an error. Pure, with injected monotonic nanoseconds.
public struct SerialLineDecoder: Sendable {
    public let terminator: ScanTerminator
    public let framing: ScanFraming
    public let interByteTimeoutNanos: UInt64
    private var line: [UInt8] = []
    private var lastByte: UInt64?
    /// After a partial line, bytes up to the next terminator are its tail (if they come before this time).
    private var discardUntil: UInt64?

    public init(terminator: ScanTerminator, framing: ScanFraming = ScanFraming(), interByteTimeoutMillis: Int = 100) {
        self.terminator = terminator
        self.framing = framing
        interByteTimeoutNanos = UInt64(max(1, interByteTimeoutMillis)) * 1_000_000
    }

    public init(profile: ScannerProfile) {
        self.init(terminator: profile.suffix, framing: ScanFraming(profile: profile),
                  interByteTimeoutMillis: profile.interKeyTimeoutMillis)
    }

    /// How long after a partial line a continuing tail is still recognised as its tail.
    public var resyncWindowNanos: UInt64 { max(interByteTimeoutNanos * 4, 200_000_000) }

    public var deadline: UInt64? {
        [lastByte.map { $0 + interByteTimeoutNanos }, discardUntil].compactMap { $0 }.min()
    }

    /// Bytes read at `now`.
    public mutating func handle(bytes: [UInt8], at now: UInt64) -> [DecoderOutput] {
        var outputs = tick(at: now)
        outputs += tick(at: now)  // ends a resync window the first tick may have opened in the past
        for byte in bytes {
            let ends = terminator == .tab ? byte == 0x09 : (byte == 0x0D || byte == 0x0A)
            if let until = discardUntil {
                // Still the tail until its terminator or a quiet gap of a whole resync window.
                discardUntil = ends ? nil : max(until, now + resyncWindowNanos)
                continue
            }
            if ends {
                outputs += finish()
                continue
            }
            line.append(byte)
            lastByte = now
            if line.count > framing.maximumLength {
                line = []
                lastByte = nil
                outputs.append(.error(ScannerError(.scanTooLong, "serial line longer than \(framing.maximumLength) bytes")))
            }
        }
        return outputs
    }

    /// A line left without its terminator past the timeout is a partial read.
    public mutating func tick(at now: UInt64) -> [DecoderOutput] {
        if let until = discardUntil, now > until { discardUntil = nil }
        guard let lastByte, now > lastByte + interByteTimeoutNanos else { return [] }
        let got = line.count
        line = []
        self.lastByte = nil
        discardUntil = lastByte + interByteTimeoutNanos + resyncWindowNanos
        return [.error(ScannerError(.partialScan, "serial line of \(got) bytes without terminator (timeout)"))]
    }

    private mutating func finish() -> [DecoderOutput] {
        defer {
            line = []
            lastByte = nil
        }
        guard !line.isEmpty else { return [] }  // the LF of CR LF, or a blank line
        if line.contains(0) || String(validating: line, as: UTF8.self) == nil {
            return [.error(ScannerError(.malformedReport, "serial line is not text (wrong baud rate?): \(HexBytes.format(line.prefix(32)))"))]
        }
        return [framing.finish(line)]
    }
}
