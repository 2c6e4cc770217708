public import SelfScanCore

/// A complete scan as a decoder sees it: before the device id and wall-clock time are attached.
public struct DecodedScan: Sendable, Hashable {
    public let symbology: AIMIdentifier?
    public let payload: [UInt8]
    public init(symbology: AIMIdentifier?, payload: [UInt8]) {
        self.symbology = symbology
        self.payload = payload
    }
    /// The payload as text when it is valid UTF-8.
    public var text: String? { String(validating: payload, as: UTF8.self) }
}

/// What a pure decoder returns for an input: a scan, or an error event.
public enum DecoderOutput: Sendable, Hashable {
    case scan(DecodedScan)
    case error(ScannerError)
}

/// The framing rules shared by keyboard-wedge and serial scanners: prefix, optional AIM id, data.
public struct ScanFraming: Sendable, Hashable {
    public var prefix: [UInt8]
    public var aimTransmitted: Bool
    /// Longest accepted scan, in bytes; longer is an error, never a truncated code.
    public var maximumLength: Int

    public init(prefix: String = "", aimTransmitted: Bool = false, maximumLength: Int = 8192) {
        self.prefix = Array(prefix.utf8)
        self.aimTransmitted = aimTransmitted
        self.maximumLength = maximumLength
    }

    public init(profile: ScannerProfile) {
        self.init(prefix: profile.prefix, aimTransmitted: profile.aimTransmitted)
    }

    /// Strips the prefix and the AIM id from a complete scan's bytes (suffix already removed).
    public func finish(_ bytes: [UInt8]) -> DecoderOutput {
        var rest = bytes[...]
        if !prefix.isEmpty {
            guard rest.starts(with: prefix) else {
                return .error(ScannerError(.prefixMismatch, "scan does not start with the configured prefix: \(Self.show(bytes))"))
            }
            rest = rest.dropFirst(prefix.count)
        }
        var symbology: AIMIdentifier?
        if aimTransmitted {
            guard rest.count >= 3, let text = String(validating: rest.prefix(3), as: UTF8.self),
                  let aim = AIMIdentifier(text) else {
                return .error(ScannerError(.missingAIM, "scan does not start with an AIM id: \(Self.show(bytes))"))
            }
            symbology = aim
            rest = rest.dropFirst(3)
        }
        guard !rest.isEmpty else {
            return .error(ScannerError(.partialScan, "scan has no data: \(Self.show(bytes))"))
        }
        return .scan(DecodedScan(symbology: symbology, payload: Array(rest)))
    }

    static func show(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).unicodeScalars.map {
            $0.value < 0x20 ? "<\(HexBytes.format([UInt8($0.value)]))>" : String($0)
        }.joined()
    }
}
