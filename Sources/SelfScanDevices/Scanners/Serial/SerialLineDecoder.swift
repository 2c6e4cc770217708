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

    public init(terminator: ScanTerminator, framing: ScanFraming = ScanFraming(), interByteTimeoutMillis: Int = 100) {
        self.terminator = terminator
        self.framing = framing
        interByteTimeoutNanos = UInt64(max(1, interByteTimeoutMillis)) * 1_000_000
    }

    public init(profile: ScannerProfile) {
        self.init(terminator: profile.suffix, framing: ScanFraming(profile: profile),
                  interByteTimeoutMillis: profile.interKeyTimeoutMillis)
    }

    public var deadline: UInt64? { lastByte.map { $0 + interByteTimeoutNanos } }

    /// Bytes read at `now`.
    public mutating func handle(bytes: [UInt8], at now: UInt64) -> [DecoderOutput] {
        var outputs = tick(at: now)
        for byte in bytes {
            let ends = terminator == .tab ? byte == 0x09 : (byte == 0x0D || byte == 0x0A)
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
        guard let deadline, now > deadline else { return [] }
        let got = line.count
        line = []
        lastByte = nil
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
