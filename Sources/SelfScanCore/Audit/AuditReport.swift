/// One difference found by an audit between the basket and the bag.
public enum AuditDifference: Sendable, Hashable, Codable {
    /// An item in the bag that was not scanned: staff add it (the line records the staff member).
    case missing(line: BasketLine)
    /// A scanned line whose item is not in the bag: the line is voided.
    case extra(lineID: LineID, productID: ProductID)
    /// A counted line whose quantity differs from what is in the bag: set to `found`.
    case quantityMismatch(lineID: LineID, productID: ProductID, scanned: Int, found: Int)
}

/// The result of an audit: who checked what, and the differences, which correct the basket when applied.
public struct AuditReport: Sendable, Hashable, Codable {
    public let staffID: StaffID
    public let mode: AuditMode
    /// Lines staff rescanned.
    public let checkedLineIDs: [LineID]
    public let differences: [AuditDifference]

    public init(staffID: StaffID, mode: AuditMode, checkedLineIDs: [LineID], differences: [AuditDifference]) {
        self.staffID = staffID
        self.mode = mode
        self.checkedLineIDs = checkedLineIDs
        self.differences = differences
    }

    /// An audit passes when it found no difference.
    public var passed: Bool { differences.isEmpty }
}
