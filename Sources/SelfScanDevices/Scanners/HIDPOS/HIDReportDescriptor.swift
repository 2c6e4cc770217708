/// A parsed HID report descriptor: the input fields of each report, with their bit positions.
/// Only what report decoding needs (HID 1.11 §6.2.2 short items; long items are skipped).
public struct HIDReportDescriptor: Sendable, Hashable {
    /// One Input main item: `count` elements of `bitSize` bits from `bitOffset` (after the report id byte).
    public struct Field: Sendable, Hashable {
        public let reportID: UInt8
        public let bitOffset: Int
        public let bitSize: Int
        public let count: Int
        /// Full usages (page << 16 | id), one per element; the last one repeats when there are fewer.
        public let usages: [UInt32]
        public let isConstant: Bool
        public let isVariable: Bool

        /// The usage of element `index`.
        public func usage(at index: Int) -> UInt32? {
            guard !usages.isEmpty else { return nil }
            return usages[min(index, usages.count - 1)]
        }
    }

    public let inputFields: [Field]
    /// Whether reports start with a report id byte.
    public let usesReportIDs: Bool
    /// Application collections' usages (e.g. 0x008C0002 Bar Code Scanner).
    public let applicationUsages: [UInt32]

    /// Input report length in bytes, without the report id byte.
    public func inputLength(reportID: UInt8) -> Int {
        let bits = inputFields.filter { $0.reportID == reportID }.map { $0.bitOffset + $0.bitSize * $0.count }.max() ?? 0
        return (bits + 7) / 8
    }

    /// Parses a descriptor; a truncated item or unbalanced collection is `unsupportedDescriptor`.
    public init(_ bytes: [UInt8]) throws(ScannerError) {
        var usagePage: UInt32 = 0, reportSize = 0, reportCount = 0, reportID: UInt8 = 0
        var globalsStack: [(UInt32, Int, Int, UInt8)] = []
        var usages: [UInt32] = [], usageMin: UInt32?, usageMax: UInt32?
        var inputOffsets: [UInt8: Int] = [:]
        var fields: [Field] = []
        var applications: [UInt32] = []
        var depth = 0
        var sawReportID = false
        var index = 0

        func full(_ value: UInt32, size: Int) -> UInt32 { size == 4 ? value : (usagePage << 16) | value }

        while index < bytes.count {
            let prefix = bytes[index]
            if prefix == 0xFE {  // long item: size, tag, data
                guard index + 1 < bytes.count else { throw Self.truncated(index) }
                index += 3 + Int(bytes[index + 1])
                continue
            }
            let size = [0, 1, 2, 4][Int(prefix & 0x03)]
            let type = (prefix >> 2) & 0x03
            let tag = prefix >> 4
            guard index + size < bytes.count else {
                throw Self.truncated(index)
            }
            var value: UInt32 = 0
            for byteIndex in 0..<size { value |= UInt32(bytes[index + 1 + byteIndex]) << (8 * byteIndex) }
            index += 1 + size
            switch (type, tag) {
            case (0, 0x8), (0, 0x9), (0, 0xB):  // Input, Output, Feature
                if type == 0 && tag == 0x8 {
                    var elementUsages = usages
                    if elementUsages.isEmpty, let usageMin, let usageMax, usageMax >= usageMin, usageMax - usageMin < 4096 {
                        elementUsages = Array(usageMin...usageMax)
                    }
                    let offset = inputOffsets[reportID, default: 0]
                    fields.append(Field(
                        reportID: reportID, bitOffset: offset, bitSize: reportSize, count: reportCount,
                        usages: elementUsages, isConstant: value & 0x01 != 0, isVariable: value & 0x02 != 0))
                    inputOffsets[reportID] = offset + reportSize * reportCount
                }
                usages = []; usageMin = nil; usageMax = nil
            case (0, 0xA):  // Collection
                if value == 0x01, let first = usages.first { applications.append(first) }
                depth += 1
                usages = []; usageMin = nil; usageMax = nil
            case (0, 0xC):  // End Collection
                depth -= 1
                guard depth >= 0 else {
                    throw ScannerError(.unsupportedDescriptor, "End Collection without a Collection at byte \(index - 1)")
                }
            case (1, 0x0): usagePage = value
            case (1, 0x7): reportSize = Int(value)
            case (1, 0x8):
                guard value > 0, value <= 0xFF else { throw ScannerError(.unsupportedDescriptor, "report id \(value)") }
                reportID = UInt8(value)
                sawReportID = true
            case (1, 0x9): reportCount = Int(value)
            case (1, 0xA): globalsStack.append((usagePage, reportSize, reportCount, reportID))  // Push
            case (1, 0xB):  // Pop
                guard let top = globalsStack.popLast() else {
                    throw ScannerError(.unsupportedDescriptor, "Pop without Push at byte \(index - 1 - size)")
                }
                (usagePage, reportSize, reportCount, reportID) = top
            case (2, 0x0): usages.append(full(value, size: size))
            case (2, 0x1): usageMin = full(value, size: size)
            case (2, 0x2): usageMax = full(value, size: size)
            default: break  // logical/physical ranges, units, designators, strings, delimiters: not needed
            }
            guard reportSize <= 32 || type != 0 else {
                throw ScannerError(.unsupportedDescriptor, "report size \(reportSize) bits")
            }
        }
        guard depth == 0 else { throw ScannerError(.unsupportedDescriptor, "\(depth) collection(s) not closed") }
        inputFields = fields
        usesReportIDs = sawReportID
        applicationUsages = applications
    }

    private static func truncated(_ index: Int) -> ScannerError {
        ScannerError(.unsupportedDescriptor, "descriptor truncated in the item at byte \(index)")
    }
}

extension HIDReportDescriptor.Field {
    /// Reads element `index` (little-endian bit order) from a report body (without the report id).
    func element(_ index: Int, in body: [UInt8]) -> UInt32? {
        let start = bitOffset + index * bitSize
        guard bitSize > 0, bitSize <= 32, start + bitSize <= body.count * 8 else { return nil }
        var value: UInt32 = 0
        for bit in 0..<bitSize {
            let position = start + bit
            if body[position / 8] & (1 << UInt8(position % 8)) != 0 { value |= 1 << UInt32(bit) }
        }
        return value
    }
}
