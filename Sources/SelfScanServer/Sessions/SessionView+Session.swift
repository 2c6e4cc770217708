import Foundation
public import SelfScanAPI
public import SelfScanCore

extension SessionView {
    init(
        session: BasketSession, totals: BasketTotals, customer: LoyaltyCustomer?, payments: [PaymentView],
        paid: Money, exitPass: ExitPass?, reasons: [PromotionID: String] = [:]
    ) {
        let pending = Set(session.pendingApprovalLineIDs)
        let lines: [Line] = session.basket.lines.map { line in
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
            var view = Line(
                id: line.id.uuidString, productID: line.productID.rawValue, name: line.name,
                scannedCode: line.scannedCode, kind: kind, quantity: line.quantity, weightGrams: grams,
                unitPrice: line.unitPrice, total: (try? line.amount()) ?? line.unitPrice,
                vatRate: line.vatRate.basisPoints, minimumAge: line.minimumAge, ageApproved: approved,
                isVoided: line.isVoided, depositFor: depositFor, catalogVersion: line.catalogVersion.rawValue)
            if case .staffPriced(_, let reason) = line.origin { view.staffPriceReason = reason.rawValue }
            return view
        }
        let viewTotals = Totals(
            itemsSubtotal: totals.itemsSubtotal,
            discounts: totals.discounts.map { discount in
                Discount(
                    name: discount.name, kind: discount.kind, promotionID: discount.promotionID?.rawValue,
                    couponCode: discount.couponCode, amount: discount.amount,
                    allocations: discount.allocations.map { .init(lineID: $0.lineID.uuidString, amount: $0.amount) },
                    reason: discount.promotionID.flatMap { reasons[$0] })
            },
            discountTotal: totals.discountTotal, depositTotal: totals.depositTotal, total: totals.total,
            vatBreakdown: totals.vatBreakdown.map {
                VAT(rate: $0.rate.basisPoints, label: $0.rate.description, gross: $0.gross, vat: $0.vat, net: $0.net)
            })
        let audit = session.auditDecision.map { decision in
            var mode: String?
            switch decision.mode {
            case .full: mode = "full"
            case .partial(let count): mode = "partial(\(count))"
            case nil: mode = nil
            }
            var audit = Audit(
                required: decision.isRequired, mode: mode,
                probabilityBasisPoints: decision.score.probabilityBasisPoints,
                reasons: decision.score.factors.map { $0.reason.explained(addedBasisPoints: $0.addedBasisPoints) },
                linesToCheck: decision.linesToCheck.map(\.uuidString), passed: session.auditReport?.passed,
                differences: session.auditReport?.differences.map(SessionView.describe) ?? [])
            audit.changes = session.auditReport?.differences.map { SessionView.change($0, in: session.basket.lines) } ?? []
            return audit
        }
        // Never negative: approved payments above the total (prices changed between payments) leave 0 due.
        let difference = (try? totals.total.subtracting(paid)) ?? totals.total
        let due = difference.minor < 0 ? Money.zero(difference.currency) : difference
        self.init(
            id: session.id.uuidString, store: session.opening.storeID.rawValue, device: session.deviceID.rawValue,
            state: session.state, catalogVersion: session.opening.catalogVersion.rawValue,
            customer: customer.map { _ in Customer(identified: true) }, lines: lines,
            totals: viewTotals, pendingApprovalLineIDs: session.pendingApprovalLineIDs.map(\.uuidString), audit: audit,
            payment: Payments(
                paid: paid, due: session.state == .paid || session.state == .exited ? .zero(paid.currency) : due,
                records: payments),
            exitPass: exitPass)
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
