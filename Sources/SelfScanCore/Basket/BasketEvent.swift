/// One fact about a session, in order. The event log is the basket's source of truth: storage persists it,
/// sync ships it, and `BasketSession.replay(events:catalog:)` rebuilds the basket and state from it.
public struct BasketEvent: Sendable, Hashable, Codable, Identifiable {
    /// Device-generated, unique: the referential applies each event once.
    public let id: EventID
    public let sessionID: SessionID
    /// 1, 2, 3… without gaps within a session.
    public let sequence: Int64
    /// When it happened, from the session's injected clock (stored as `timestampNanos`, Int64 ns).
    public let timestamp: Instant
    public let payload: BasketEventPayload

    public init(id: EventID, sessionID: SessionID, sequence: Int64, timestamp: Instant, payload: BasketEventPayload) {
        self.id = id
        self.sessionID = sessionID
        self.sequence = sequence
        self.timestamp = timestamp
        self.payload = payload
    }

    enum CodingKeys: String, CodingKey {
        case id, sessionID, sequence, payload
        case timestamp = "timestampNanos"
    }
}

/// What happened. Case names and labels are persisted and synced: never rename them.
public enum BasketEventPayload: Sendable, Hashable, Codable {
    /// The session starts (state `open`).
    case sessionOpened(SessionOpening)
    /// A loyalty card was scanned (at opening or during the trip). Only the pseudonymous customer id is
    /// kept: never the card number (events written before carried a `cardCode`, ignored when read).
    case customerIdentified(customerID: CustomerID)
    /// A line was added (by scan, as a deposit, or by staff in an audit).
    case lineAdded(line: BasketLine)
    /// A counted line's quantity was set (its deposit line follows).
    case quantityChanged(lineID: LineID, quantity: Int)
    /// A line was voided (its deposit line too). Kept, never erased.
    case lineVoided(lineID: LineID, reason: LineVoidReason, staffID: StaffID?)
    /// A code matched nothing: no line, the customer is asked to call staff.
    case unknownCodeScanned(code: String, symbology: AIMIdentifier?)
    /// A known product was refused (sale stop); no line.
    case saleRefused(productID: ProductID, code: String, reason: SaleStopReason)
    /// A coupon was accepted into the basket.
    case couponAdded(coupon: AppliedCoupon)
    /// An age-restricted line needs a staff check (state `approvalNeeded`).
    case approvalRequested(lineID: LineID, minimumAge: Int)
    /// Staff checked the customer's age for every pending line.
    case approvalGranted(staffID: StaffID)
    /// Staff refused: the pending restricted lines are voided.
    case approvalRefused(staffID: StaffID)
    /// The customer asked to pay (state `checkoutRequested`).
    case checkoutRequested
    /// The audit policy decided (state `auditRequired` or `readyToPay`).
    case auditDecided(decision: AuditDecision)
    /// Staff started the audit (state `auditing`).
    case auditStarted(staffID: StaffID, mode: AuditMode)
    /// Staff finished the audit; its differences correct the basket (state `audited`, then `readyToPay`).
    case auditCompleted(report: AuditReport)
    /// The customer saw the audit's difference report (state `readyToPay`).
    case auditAcknowledged
    /// The customer went back to scanning from checkout (before paying).
    case scanningResumed
    /// The session was handed off or paused (state `suspended`).
    case suspended(reason: SuspensionReason)
    /// The session continues, possibly on another device.
    case resumed(deviceID: DeviceID)
    /// Payment accepted (state `paid`).
    case paid(payment: PaymentReceipt)
    /// The customer left through the gate (state `exited`).
    case exited
    /// The customer left without paying, or the session timed out (state `abandoned`).
    case abandoned
    /// Staff cancelled the whole session (state `void`).
    case sessionVoided(staffID: StaffID, reason: SessionVoidReason)
}

extension BasketEventPayload {
    /// The case name, as persisted (logs, errors, storage columns).
    public var name: String {
        switch self {
        case .sessionOpened: "sessionOpened"
        case .customerIdentified: "customerIdentified"
        case .lineAdded: "lineAdded"
        case .quantityChanged: "quantityChanged"
        case .lineVoided: "lineVoided"
        case .unknownCodeScanned: "unknownCodeScanned"
        case .saleRefused: "saleRefused"
        case .couponAdded: "couponAdded"
        case .approvalRequested: "approvalRequested"
        case .approvalGranted: "approvalGranted"
        case .approvalRefused: "approvalRefused"
        case .checkoutRequested: "checkoutRequested"
        case .auditDecided: "auditDecided"
        case .auditStarted: "auditStarted"
        case .auditCompleted: "auditCompleted"
        case .auditAcknowledged: "auditAcknowledged"
        case .scanningResumed: "scanningResumed"
        case .suspended: "suspended"
        case .resumed: "resumed"
        case .paid: "paid"
        case .exited: "exited"
        case .abandoned: "abandoned"
        case .sessionVoided: "sessionVoided"
        }
    }
}

/// How a session starts.
public struct SessionOpening: Sendable, Hashable, Codable {
    public let storeID: StoreID
    public let deviceID: DeviceID
    public let currency: Currency
    /// The catalog version the device had at opening.
    public let catalogVersion: CatalogVersion
    /// Set when the session was opened with a loyalty card.
    public let customerID: CustomerID?

    public init(
        storeID: StoreID, deviceID: DeviceID, currency: Currency, catalogVersion: CatalogVersion,
        customerID: CustomerID? = nil
    ) {
        self.storeID = storeID
        self.deviceID = deviceID
        self.currency = currency
        self.catalogVersion = catalogVersion
        self.customerID = customerID
    }
}

/// A coupon in the basket.
public struct AppliedCoupon: Sendable, Hashable, Codable {
    /// The code as scanned.
    public let code: String
    /// The catalog coupon promotion it matched, if any.
    public let promotionID: PromotionID?
    /// The face value printed in the code (a discount sticker), when there is no catalog promotion.
    public let faceValue: Money?
    /// The serial of a single-use coupon.
    public let serial: String?
    /// For a serial: whether the referential granted the spend (`false`: accepted offline, unverified, flagged
    /// for the audit as `couponUnverified`). Nil without a serial.
    public let serialVerified: Bool?

    public init(
        code: String, promotionID: PromotionID?, faceValue: Money?, serial: String? = nil, serialVerified: Bool? = nil
    ) {
        self.code = code
        self.promotionID = promotionID
        self.faceValue = faceValue
        self.serial = serial
        self.serialVerified = serial == nil ? nil : serialVerified
    }
}

/// Why a line was voided.
public enum LineVoidReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// The customer removed the item.
    case customerRemoved
    /// Staff removed it.
    case staffRemoved
    /// An audit did not find the item in the bag.
    case auditExtra
    /// Staff refused the age-restricted sale.
    case ageApprovalRefused
    /// Its parent line was voided (deposit lines).
    case parentVoided
}

/// Why a session was suspended.
public enum SuspensionReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// Handed off to another device (signed hand-off QR).
    case handoff
    /// Paused by the customer or staff.
    case paused
}

/// Why staff voided a whole session.
public enum SessionVoidReason: String, Sendable, Hashable, Codable, CaseIterable {
    case customerRequest
    case fraud
    case technical
}

/// What the payment terminal (or cash desk) returned: never card data.
public struct PaymentReceipt: Sendable, Hashable, Codable {
    public let amount: Money
    /// The terminal's or cashier's transaction reference.
    public let reference: String

    public init(amount: Money, reference: String) {
        self.amount = amount
        self.reference = reference
    }
}
