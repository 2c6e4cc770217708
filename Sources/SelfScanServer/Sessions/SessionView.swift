import Foundation
import Hummingbird
import SelfScanCore

/// The JSON of a session (`GET /v1/sessions/{id}`, `basket` events): everything a kiosk screen shows.
struct SessionView: Codable, Sendable, ResponseEncodable {
    struct Line: Codable, Sendable {
        let id: String
        let productID: String
        let name: String
        let scannedCode: String
        /// `item` (counted), `weighed`, `labelPrice`, `deposit`.
        let kind: String
        let quantity: Int
        let weightGrams: Int?
        let unitPrice: Money
        let total: Money
        let vatRate: Int
        let minimumAge: Int?
        /// `false` while staff have not approved this age-restricted line, `true` once approved.
        let ageApproved: Bool?
        let isVoided: Bool
        let depositFor: String?
        let catalogVersion: Int64
    }

    struct Discount: Codable, Sendable {
        struct Allocation: Codable, Sendable {
            let lineID: String
            let amount: Money
        }
        let name: String
        let kind: String
        let promotionID: String?
        let couponCode: String?
        let amount: Money
        let allocations: [Allocation]
    }

    struct VAT: Codable, Sendable {
        let rate: Int
        let label: String
        let gross: Money
        let vat: Money
        let net: Money
    }

    struct Totals: Codable, Sendable {
        let itemsSubtotal: Money
        let discounts: [Discount]
        let discountTotal: Money
        let depositTotal: Money
        let total: Money
        let vatBreakdown: [VAT]
    }

    struct Customer: Codable, Sendable {
        let id: String
        let tier: Int
    }

    struct Audit: Codable, Sendable {
        let required: Bool
        let mode: String?
        let probabilityBasisPoints: Int
        let reasons: [String]
        let linesToCheck: [String]
        let passed: Bool?
        let differences: [String]
    }

    struct Payments: Codable, Sendable {
        let paid: Money
        let due: Money
        let records: [PaymentView]
    }

    struct ExitPass: Codable, Sendable {
        let code: String
        let expiresAt: Int64
    }

    let id: String
    let store: String
    let device: String
    let state: String
    let catalogVersion: Int64
    let customer: Customer?
    let lines: [Line]
    let totals: Totals
    let pendingApprovalLineIDs: [String]
    let audit: Audit?
    let payment: Payments
    let exitPass: ExitPass?
}

/// A payment as the API shows it (what the terminal returned; never card data).
struct PaymentView: Codable, Sendable {
    let paymentID: String
    let outcome: String
    let amount: Money
    let scheme: String?
    let last4: String?
    let authCode: String?
    let terminalTransactionID: String?
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
            return Audit(
                required: decision.isRequired, mode: mode,
                probabilityBasisPoints: decision.score.probabilityBasisPoints,
                reasons: decision.score.factors.map { "\($0.reason) +\($0.addedBasisPoints)" },
                linesToCheck: decision.linesToCheck.map(\.uuidString), passed: session.auditReport?.passed,
                differences: session.auditReport?.differences.map(SessionView.describe) ?? [])
        }
        let due = (try? totals.total.subtracting(paid)) ?? totals.total
        payment = Payments(paid: paid, due: session.state == .paid || session.state == .exited ? .zero(paid.currency) : due, records: payments)
        self.exitPass = exitPass
    }

    static func describe(_ difference: AuditDifference) -> String {
        switch difference {
        case .missing(let line): "missing: \(line.name) (added)"
        case .extra(_, let productID): "extra: \(productID) (voided)"
        case .quantityMismatch(_, let productID, let scanned, let found): "quantity: \(productID) scanned \(scanned), found \(found)"
        }
    }
}
