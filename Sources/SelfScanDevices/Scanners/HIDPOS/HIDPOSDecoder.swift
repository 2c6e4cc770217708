public import SelfScanCore

/// Decodes USB HID POS bar code scanner reports (usage page 0x8C) through the device's own report
/// descriptor: the Scanned Data Report's Decoded Data (0xFE), Symbology Identifier 1–3 (0xFB–0xFD, the
/// AIM id), Decode Data Continued (0xFF, multi-report payloads) and, when present, Byte Count
/// (Generic Desktop 0x3B). Field positions come from the descriptor, never from fixed offsets.
/// Pure state machine with an injected monotonic time in nanoseconds.
public struct HIDPOSDecoder: Sendable {
    /// Where the scanned-data fields sit, as found in the descriptor.
    public struct Layout: Sendable, Hashable {
        public let reportID: UInt8?
        public let bodyLength: Int
        let data: HIDReportDescriptor.Field
        let byteCount: HIDReportDescriptor.Field?
        let symbology: [(field: HIDReportDescriptor.Field, element: Int)]
        let continued: (field: HIDReportDescriptor.Field, element: Int)?

        public static func == (lhs: Layout, rhs: Layout) -> Bool {
            lhs.reportID == rhs.reportID && lhs.data == rhs.data && lhs.byteCount == rhs.byteCount
                && lhs.symbology.map(\.field) == rhs.symbology.map(\.field)
                && lhs.symbology.map(\.element) == rhs.symbology.map(\.element)
                && lhs.continued?.field == rhs.continued?.field && lhs.continued?.element == rhs.continued?.element
        }
        public func hash(into hasher: inout Hasher) {
            hasher.combine(reportID)
            hasher.combine(data)
        }
    }

    static let decodedData: UInt32 = 0x008C_00FE
    static let decodeDataContinued: UInt32 = 0x008C_00FF
    static let symbologyIdentifiers: [UInt32] = [0x008C_00FB, 0x008C_00FC, 0x008C_00FD]
    static let byteCount: UInt32 = 0x0001_003B

    public let layout: Layout
    /// How long a multi-report payload may wait for its next part.
    public let continuationTimeoutNanos: UInt64
    public let maximumLength: Int
    private var pending: [UInt8] = []
    private var pendingSymbology: [UInt8]?
    private var lastPart: UInt64?
    /// After a partial multi-report scan, its late parts up to the last one are dropped until this time.
    private var discardUntil: UInt64?

    /// Finds the scanned-data report in a descriptor; `unsupportedDescriptor` when there is none.
    public init(descriptor: HIDReportDescriptor, continuationTimeoutMillis: Int = 500, maximumLength: Int = 65_536) throws(ScannerError) {
        func find(_ usage: UInt32, reportID: UInt8?) -> (HIDReportDescriptor.Field, Int)? {
            for field in descriptor.inputFields where !field.isConstant && (reportID == nil || field.reportID == reportID) {
                for element in 0..<max(field.count, 1) where field.usage(at: element) == usage {
                    return (field, element)
                }
            }
            return nil
        }
        guard let (data, firstElement) = find(Self.decodedData, reportID: nil), data.bitSize == 8,
              data.bitOffset % 8 == 0, firstElement == 0 else {
            throw ScannerError(.unsupportedDescriptor, "no byte-aligned Decoded Data (0x8C:0xFE) input field")
        }
        let id = data.reportID
        let symbology = Self.symbologyIdentifiers.compactMap { find($0, reportID: id) }.map { (field: $0.0, element: $0.1) }
        layout = Layout(
            reportID: descriptor.usesReportIDs ? id : nil, bodyLength: descriptor.inputLength(reportID: id),
            data: data, byteCount: find(Self.byteCount, reportID: id)?.0,
            symbology: symbology.count == 3 ? symbology : [],
            continued: find(Self.decodeDataContinued, reportID: id).map { (field: $0.0, element: $0.1) })
        continuationTimeoutNanos = UInt64(max(1, continuationTimeoutMillis)) * 1_000_000
        self.maximumLength = maximumLength
    }

    /// Parses `descriptorBytes` then builds the decoder.
    public init(descriptorBytes: [UInt8]) throws(ScannerError) {
        try self.init(descriptor: HIDReportDescriptor(descriptorBytes))
    }

    /// When a pending multi-report payload times out.
    public var deadline: UInt64? {
        [lastPart.map { $0 + continuationTimeoutNanos }, discardUntil].compactMap { $0 }.min()
    }

    /// Decodes one input report as read from the interrupt endpoint (with its report id byte when the
    /// descriptor uses report ids). Reports of other ids (trigger, status) are ignored.
    public mutating func handle(report: [UInt8], at now: UInt64) -> [DecoderOutput] {
        var outputs = tick(at: now)
        outputs += tick(at: now)  // ends a discard window the first tick may have opened in the past
        var body = report[...]
        if let reportID = layout.reportID {
            guard let first = body.first else {
                return outputs + [.error(ScannerError(.malformedReport, "empty report"))]
            }
            guard first == reportID else { return outputs }
            body = body.dropFirst()
        }
        let bytes = Array(body)
        guard bytes.count >= layout.bodyLength else {
            reset()
            return outputs + [.error(ScannerError(
                .malformedReport, "scanned-data report of \(bytes.count) bytes, descriptor says \(layout.bodyLength)"))]
        }
        let capacity = layout.data.count
        var length = capacity
        if let counter = layout.byteCount {
            guard let value = counter.element(0, in: bytes), Int(value) <= capacity else {
                reset()
                return outputs + [.error(ScannerError(.inconsistentReport, "byte count larger than the \(capacity)-byte data field"))]
            }
            length = Int(value)
        }
        let start = layout.data.bitOffset / 8
        var chunk = Array(bytes[start..<(start + length)])
        if layout.byteCount == nil { while chunk.last == 0 { chunk.removeLast() } }
        let symbology = layout.symbology.compactMap { $0.field.element($0.element, in: bytes) }.map { UInt8(truncatingIfNeeded: $0) }
        let continued = layout.continued.flatMap { $0.field.element($0.element, in: bytes) }.map { $0 != 0 } ?? false
        if discardUntil != nil {
            // A late part of the scan already reported partial: never the start of a code.
            if !continued { discardUntil = nil }
            return outputs
        }

        if let pendingSymbology, pendingSymbology != symbology {
            reset()
            return outputs + [.error(ScannerError(.inconsistentReport, "continuation with another symbology id"))]
        }
        pending += chunk
        pendingSymbology = symbology
        guard pending.count <= maximumLength else {
            reset()
            return outputs + [.error(ScannerError(.scanTooLong, "more than \(maximumLength) bytes"))]
        }
        if continued {
            lastPart = now
            return outputs
        }
        defer { reset() }
        guard !pending.isEmpty else {
            return outputs + [.error(ScannerError(.partialScan, "scanned-data report without data"))]
        }
        var aim: AIMIdentifier?
        if !symbology.isEmpty && symbology.contains(where: { $0 != 0 }) {
            guard let text = String(validating: symbology, as: UTF8.self), let parsed = AIMIdentifier(text) else {
                return outputs + [.error(ScannerError(.inconsistentReport, "symbology id \(HexBytes.format(symbology)) is not an AIM id"))]
            }
            aim = parsed
        }
        return outputs + [.scan(DecodedScan(symbology: aim, payload: pending))]
    }

    /// A multi-report payload whose next part never came is a partial scan.
    public mutating func tick(at now: UInt64) -> [DecoderOutput] {
        if let until = discardUntil, now > until { discardUntil = nil }
        guard let lastPart, now > lastPart + continuationTimeoutNanos else { return [] }
        let got = pending.count
        reset()
        discardUntil = lastPart + continuationTimeoutNanos + continuationTimeoutNanos
        return [.error(ScannerError(.partialScan, "multi-report scan stopped after \(got) bytes"))]
    }

    private mutating func reset() {
        pending = []
        pendingSymbology = nil
        lastPart = nil
    }
}
