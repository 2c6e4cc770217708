/// Why the customer must call staff.
public enum StaffCallReason: Sendable, Hashable, Codable {
    /// The code matched nothing in the catalog.
    case unknownCode(String)
    /// The product may not be sold now.
    case saleStopped(ProductID, SaleStopReason)
}

/// What the adapter (kiosk, daemon) should do after a command.
public enum SessionAction: Sendable, Hashable {
    /// Show the updated basket.
    case updateDisplay
    /// Ask the customer to call staff.
    case callStaff(StaffCallReason)
    /// Staff must check the customer's age.
    case requestAgeApproval(minimumAge: Int)
    /// An audit is required before payment.
    case requestAudit(AuditDecision)
    /// Show the audit's difference report to the customer.
    case showAuditDifferences(AuditReport)
    /// Collect this amount (the basket's total).
    case collectPayment(amount: Money)
    /// Open the exit gate / show the exit pass.
    case openExitGate
    /// The session is over (abandoned or voided).
    case closeSession
}

/// The result of a command: the events it recorded (persist them, in order, in one transaction) and the
/// action for the adapter.
public struct SessionOutcome: Sendable, Hashable {
    public let events: [BasketEvent]
    public let action: SessionAction
    /// The basket's totals after the command, when the command changed the basket (`record` computes them
    /// to refuse a basket that cannot be shown): the daemon stores and shows these instead of computing
    /// them again. Nil: the basket did not change (compute them if needed).
    public let totals: BasketTotals?

    public init(events: [BasketEvent], action: SessionAction, totals: BasketTotals? = nil) {
        self.events = events
        self.action = action
        self.totals = totals
    }
}

/// What a command needs from outside: the catalog, the clock and the limits. Injected so the session stays
/// pure and tests drive it with a manual clock.
public struct SessionContext: Sendable {
    public var catalog: any CatalogLookup
    public var clock: any SessionClock
    public var limits: BasketLimits

    public init(catalog: any CatalogLookup, clock: any SessionClock, limits: BasketLimits = .standard) {
        self.catalog = catalog
        self.clock = clock
        self.limits = limits
    }
}
