import SelfScanCore

/// The decoder a reader runs for its profile's protocol (an enum, not an existential: two known cases).
enum ScanDecoder: Sendable {
    case wedge(KeyboardWedgeDecoder)
    case pos(HIDPOSDecoder)

    mutating func handle(report: [UInt8], at now: UInt64) -> [DecoderOutput] {
        switch self {
        case .wedge(var decoder):
            let outputs = decoder.handle(report: report, at: now)
            self = .wedge(decoder)
            return outputs
        case .pos(var decoder):
            let outputs = decoder.handle(report: report, at: now)
            self = .pos(decoder)
            return outputs
        }
    }

    mutating func tick(at now: UInt64) -> [DecoderOutput] {
        switch self {
        case .wedge(var decoder):
            let outputs = decoder.tick(at: now)
            self = .wedge(decoder)
            return outputs
        case .pos(var decoder):
            let outputs = decoder.tick(at: now)
            self = .pos(decoder)
            return outputs
        }
    }

    /// The device was just claimed: a keyboard-wedge scan already under way is not ours.
    mutating func claimed(at now: UInt64) {
        if case .wedge(var decoder) = self {
            decoder.claimed(at: now)
            self = .wedge(decoder)
        }
    }

    var deadline: UInt64? {
        switch self {
        case .wedge(let decoder): decoder.deadline
        case .pos(let decoder): decoder.deadline
        }
    }
}

/// Turns a decoder's outputs into scanner events for one device: wall-clock time, double-scan guard.
struct ScanEventAssembler: Sendable {
    let deviceID: SelfScanCore.DeviceID
    var guardian: DoubleScanGuard

    init(deviceID: SelfScanCore.DeviceID, profile: ScannerProfile) {
        self.deviceID = deviceID
        guardian = DoubleScanGuard(windowMillis: profile.doubleScanWindowMillis)
    }

    mutating func events(_ outputs: [DecoderOutput], monotonic: UInt64, wall: Instant) -> [ScannerEvent] {
        outputs.compactMap { output in
            switch output {
            case .scan(let scan):
                guard guardian.admit(device: deviceID, scan: scan, at: monotonic) else { return nil }
                return .data(SelfScanCore.ScanEvent(
                    deviceID: deviceID, symbology: scan.symbology, payload: scan.payload, timestamp: wall))
            case .error(let error):
                return .error(deviceID, error)
            }
        }
    }
}
