import FoundationEssentials

/// One self-scan session: its state machine, its basket and its event log.
///
/// Pure: each command takes a `SessionContext` (catalog, clock, limits), checks the input and the state,
/// records one or more `BasketEvent`s and returns them with an action. A refused command throws a
/// `BasketError` and leaves the session unchanged. Every change goes through `apply(_:)`, the same reducer
/// `replay(events:)` uses, so replaying the log rebuilds the same session.
public struct BasketSession: Sendable, Hashable {
    public let id: SessionID
    public let opening: SessionOpening
    public internal(set) var state: SessionState
    public internal(set) var basket: Basket
    /// The log, in order.
    public internal(set) var events: [BasketEvent]
    /// Age-restricted lines waiting for staff approval.
    public internal(set) var pendingApprovalLineIDs: [LineID]
    /// The highest minimum age staff approved during this session (0 before any approval).
    public internal(set) var approvedMinimumAge: Int
    /// The audit policy's decision at the last checkout.
    public internal(set) var auditDecision: AuditDecision?
    /// The audit's report, once completed.
    public internal(set) var auditReport: AuditReport?
    /// The state to return to on `resumed`.
    public internal(set) var stateBeforeSuspension: SessionState?
    /// The device currently holding the session.
    public internal(set) var deviceID: DeviceID
    public internal(set) var payment: PaymentReceipt?

    private init(id: SessionID, opening: SessionOpening) {
        self.id = id
        self.opening = opening
        state = .open
        basket = Basket(currency: opening.currency)
        basket.customerID = opening.customerID
        events = []
        pendingApprovalLineIDs = []
        approvedMinimumAge = 0
        auditDecision = nil
        auditReport = nil
        stateBeforeSuspension = nil
        deviceID = opening.deviceID
        payment = nil
    }

    /// Opens a session (anonymous, or with a loyalty card scanned at the start).
    public static func open(
        id: SessionID, storeID: StoreID, deviceID: DeviceID, loyaltyCard: String? = nil, context: SessionContext
    ) throws(BasketError) -> (session: BasketSession, outcome: SessionOutcome) {
        var customerID: CustomerID?
        if let loyaltyCard {
            guard let customer = try lookup({ () throws(CatalogLookupError) in
                try context.catalog.customer(cardCode: loyaltyCard)
            }) else { throw .unknownLoyaltyCard(loyaltyCard) }
            customerID = customer.id
        }
        let opening = SessionOpening(
            storeID: storeID, deviceID: deviceID, currency: context.catalog.currency,
            catalogVersion: context.catalog.version, customerID: customerID)
        var session = BasketSession(id: id, opening: opening)
        let outcome = try session.record([.sessionOpened(opening)], action: .updateDisplay, context: context)
        return (session, outcome)
    }

    /// Rebuilds a session from its log. Throws `.corruptLog` when the log is not one a session could have
    /// written (wrong session, a gap in the sequence, an illegal transition).
    public static func replay(events: [BasketEvent]) throws(BasketError) -> BasketSession {
        guard let first = events.first else { throw .corruptLog(sequence: 0, reason: "empty log") }
        guard case .sessionOpened(let opening) = first.payload else {
            throw .corruptLog(sequence: first.sequence, reason: "the first event is \(first.payload.name)")
        }
        var session = BasketSession(id: first.sessionID, opening: opening)
        for event in events {
            do {
                try session.apply(event)
            } catch {
                if case .corruptLog = error { throw error }
                throw .corruptLog(sequence: event.sequence, reason: error.description)
            }
        }
        return session
    }

    /// Records events for `payloads` atomically: all are applied, or none and the session is unchanged.
    mutating func record(
        _ payloads: [BasketEventPayload], action: SessionAction, context: SessionContext
    ) throws(BasketError) -> SessionOutcome {
        var copy = self
        var recorded: [BasketEvent] = []
        let now = context.clock.now()
        for payload in payloads {
            let sequence = Int64(copy.events.count + 1)
            let event = BasketEvent(
                id: EventID(uuid: Self.derivedUUID(id, kind: 0, sequence: sequence, index: 0)), sessionID: id,
                sequence: sequence, timestamp: now, payload: payload)
            try copy.apply(event)
            recorded.append(event)
        }
        // A change the basket's totals cannot be computed for (an overflow in the VAT or the promotions) is
        // refused here, before anything is recorded: no stored session may become one that cannot be shown.
        let totals = copy.basket != basket ? try copy.totals(context: context) : nil
        self = copy
        return SessionOutcome(events: recorded, action: action, totals: totals)
    }

    /// The id of the `index`-th line created by the next event (lines are created by `lineAdded` events and
    /// by audits). Derived from the session id so ids are unique and replays need no generator.
    func nextLineID(offset: Int = 0, index: Int = 0) -> LineID {
        LineID(uuid: Self.derivedUUID(id, kind: 1, sequence: Int64(events.count + 1 + offset), index: index))
    }

    /// A version-4-shaped UUID derived from the session's UUID, a kind, a sequence and an index. Each half is
    /// SplitMix64 of one half of the session UUID mixed with the position (a bijection of that half), so ids
    /// are as unique as the device-generated session UUIDs they come from (122 bits kept).
    static func derivedUUID(_ session: SessionID, kind: UInt64, sequence: Int64, index: Int) -> UUID {
        let bytes = session.uuid.uuid
        let high = [bytes.0, bytes.1, bytes.2, bytes.3, bytes.4, bytes.5, bytes.6, bytes.7]
            .reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let low = [bytes.8, bytes.9, bytes.10, bytes.11, bytes.12, bytes.13, bytes.14, bytes.15]
            .reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let position = (UInt64(bitPattern: sequence) << 20) ^ (UInt64(index) << 2) ^ kind
        var first = SeededGenerator(seed: high ^ (position &* 0xD6E8_FEB8_6659_FD93))
        var second = SeededGenerator(seed: low ^ (position &* 0xA076_1D64_78BD_642F))
        var source = [UInt8](repeating: 0, count: 16)
        let a = first.next()
        let b = second.next()
        for index in 0..<8 {
            source[index] = UInt8(truncatingIfNeeded: a >> (56 - 8 * UInt64(index)))
            source[8 + index] = UInt8(truncatingIfNeeded: b >> (56 - 8 * UInt64(index)))
        }
        source[6] = (source[6] & 0x0F) | 0x40
        source[8] = (source[8] & 0x3F) | 0x80
        return UUID(uuid: (
            source[0], source[1], source[2], source[3], source[4], source[5], source[6], source[7],
            source[8], source[9], source[10], source[11], source[12], source[13], source[14], source[15]
        ))
    }

    /// Runs a catalog lookup, mapping its error into `BasketError`.
    static func lookup<T>(_ body: () throws(CatalogLookupError) -> T) throws(BasketError) -> T {
        do { return try body() } catch { throw .catalog(error) }
    }

    /// Runs money arithmetic, mapping its error into `BasketError`.
    static func money<T>(_ body: () throws(MoneyError) -> T) throws(BasketError) -> T {
        do { return try body() } catch { throw .money(error) }
    }

    func illegal(_ action: String) -> BasketError { .illegalTransition(action: action, state: state) }
}
