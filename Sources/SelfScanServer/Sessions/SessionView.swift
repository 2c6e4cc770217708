import Foundation
public import Hummingbird
public import SelfScanCore

/// The JSON of a session (`GET /v1/sessions/{id}`, `basket` events): everything a kiosk screen shows.
public struct SessionView: Codable, Sendable, ResponseEncodable {
    public struct Line: Codable, Sendable {
        public let id: String
        public let productID: String
        public let name: String
        public let scannedCode: String
        /// `item` (counted), `weighed`, `labelPrice`, `deposit`.
        public let kind: String
        public let quantity: Int
        public let weightGrams: Int?
        public let unitPrice: Money
        public let total: Money
        public let vatRate: Int
        public let minimumAge: Int?
        /// `false` while staff have not approved this age-restricted line, `true` once approved.
        public let ageApproved: Bool?
        public let isVoided: Bool
        public let depositFor: String?
        public let catalogVersion: Int64
    }

    public struct Discount: Codable, Sendable {
        public struct Allocation: Codable, Sendable {
            public let lineID: String
            public let amount: Money
        }
        public let name: String
        public let kind: String
        public let promotionID: String?
        public let couponCode: String?
        public let amount: Money
        public let allocations: [Allocation]
    }

    public struct VAT: Codable, Sendable {
        public let rate: Int
        public let label: String
        public let gross: Money
        public let vat: Money
        public let net: Money
    }

    public struct Totals: Codable, Sendable {
        public let itemsSubtotal: Money
        public let discounts: [Discount]
        public let discountTotal: Money
        public let depositTotal: Money
        public let total: Money
        public let vatBreakdown: [VAT]
    }

    public struct Customer: Codable, Sendable {
        public let id: String
        public let tier: Int
    }

    public struct Audit: Codable, Sendable {
        public let required: Bool
        public let mode: String?
        public let probabilityBasisPoints: Int
        public let reasons: [String]
        public let linesToCheck: [String]
        public let passed: Bool?
        public let differences: [String]
        /// The same differences for the shopper's screen, line by line: what the audit changed.
        public var changes: [Change]? = nil

        /// One audit difference: `missing` (added by staff), `extra` (voided), `quantity` (scanned → found).
        public struct Change: Codable, Sendable {
            public let kind: String
            public let name: String
            public let scanned: Int?
            public let found: Int?
            public let unitPrice: Money?
        }
    }

    public struct Payments: Codable, Sendable {
        public let paid: Money
        public let due: Money
        public let records: [PaymentView]
    }

    public struct ExitPass: Codable, Sendable {
        public let code: String
        public let expiresAt: Int64
    }

    public let id: String
    public let store: String
    public let device: String
    public let state: String
    public let catalogVersion: Int64
    public let customer: Customer?
    public let lines: [Line]
    public let totals: Totals
    public let pendingApprovalLineIDs: [String]
    public let audit: Audit?
    public let payment: Payments
    public let exitPass: ExitPass?
}

/// A payment as the API shows it (what the terminal returned; never card data).
public struct PaymentView: Codable, Sendable {
    public let paymentID: String
    public let outcome: String
    public let amount: Money
    public let scheme: String?
    public let last4: String?
    public let authCode: String?
    public let terminalTransactionID: String?
}

extension SessionView {
    init(
        session: BasketSession, totals: BasketTotals, customer: LoyaltyCustomer?, payments: [PaymentView],
        paid: Money, exitPass: ExitPass?
    ) {
        let pending = Set(session.pendingApprovalLineIDs)
        lines = session.basket.lines.map { line in
            let kind: String
            let grams: Int?
            switch line.measure {
            case .units: (kind, grams) = (line.isDeposit ? "deposit" : "item", nil)
            case .weight(let weight): (kind, grams) = ("weighed", weight)
            case .labelPrice(_, let weight): (kind, grams) = ("labelPrice", weight)
            }
            var depositFor: String?
            if case .deposit(let parent) = line.origin { depositFor = parent.uuidString }
            let approved: Bool? =
                line.minimumAge.map { age in !pending.contains(line.id) && session.approvedMinimumAge >= age }
            return Line(
                id: line.id.uuidString, productID: line.productID.rawValue, name: line.name,
                scannedCode: line.scannedCode, kind: kind, quantity: line.quantity, weightGrams: grams,
                unitPrice: line.unitPrice, total: (try? line.amount()) ?? line.unitPrice,
                vatRate: line.vatRate.basisPoints, minimumAge: line.minimumAge, ageApproved: approved,
                isVoided: line.isVoided, depositFor: depositFor, catalogVersion: line.catalogVersion.rawValue)
        }
        self.totals = Totals(
            itemsSubtotal: totals.itemsSubtotal,
            discounts: totals.discounts.map { discount in
                Discount(
                    name: discount.name, kind: discount.kind, promotionID: discount.promotionID?.rawValue,
                    couponCode: discount.couponCode, amount: discount.amount,
                    allocations: discount.allocations.map { .init(lineID: $0.lineID.uuidString, amount: $0.amount) })
            },
            discountTotal: totals.discountTotal, depositTotal: totals.depositTotal, total: totals.total,
            vatBreakdown: totals.vatBreakdown.map {
                VAT(rate: $0.rate.basisPoints, label: $0.rate.description, gross: $0.gross, vat: $0.vat, net: $0.net)
            })
        id = session.id.uuidString
        store = session.opening.storeID.rawValue
        device = session.deviceID.rawValue
        state = session.state.rawValue
        catalogVersion = session.opening.catalogVersion.rawValue
        self.customer = customer.map { Customer(id: $0.id.rawValue, tier: $0.tier.rawValue) }
        pendingApprovalLineIDs = session.pendingApprovalLineIDs.map(\.uuidString)
        audit = session.auditDecision.map { decision in
            var mode: String?
            switch decision.mode {
            case .full: mode = "full"
            case .partial(let count): mode = "partial(\(count))"
            case nil: mode = nil
            }
            var audit = Audit(
                required: decision.isRequired, mode: mode,
                probabilityBasisPoints: decision.score.probabilityBasisPoints,
                reasons: decision.score.factors.map { "\($0.reason) +\($0.addedBasisPoints)" },
                linesToCheck: decision.linesToCheck.map(\.uuidString), passed: session.auditReport?.passed,
                differences: session.auditReport?.differences.map(SessionView.describe) ?? [])
            audit.changes = session.auditReport?.differences.map { SessionView.change($0, in: session.basket.lines) } ?? []
            return audit
        }
        let due = (try? totals.total.subtracting(paid)) ?? totals.total
        payment = Payments(paid: paid, due: session.state == .paid || session.state == .exited ? .zero(paid.currency) : due, records: payments)
        self.exitPass = exitPass
    }

    static func change(_ difference: AuditDifference, in lines: [BasketLine]) -> Audit.Change {
        func line(_ id: LineID) -> BasketLine? { lines.first { $0.id == id } }
        switch difference {
        case .missing(let added):
            return Audit.Change(kind: "missing", name: added.name, scanned: 0, found: added.quantity, unitPrice: added.unitPrice)
        case .extra(let lineID, let productID):
            let voided = line(lineID)
            return Audit.Change(
                kind: "extra", name: voided?.name ?? "\(productID)", scanned: voided?.quantity, found: 0,
                unitPrice: voided?.unitPrice)
        case .quantityMismatch(let lineID, let productID, let scanned, let found):
            let counted = line(lineID)
            return Audit.Change(
                kind: "quantity", name: counted?.name ?? "\(productID)", scanned: scanned, found: found,
                unitPrice: counted?.unitPrice)
        }
    }

    static func describe(_ difference: AuditDifference) -> String {
        switch difference {
        case .missing(let line): "missing: \(line.name) (added)"
        case .extra(_, let productID): "extra: \(productID) (voided)"
        case .quantityMismatch(_, let productID, let scanned, let found): "quantity: \(productID) scanned \(scanned), found \(found)"
        }
    }
}
