import Foundation
public import SelfScanAPI
public import SelfScanCore

/// RGPD access and portability (art. 15/20): everything held about one customer as one document.
extension SQLReferentialStore {
    public func exportCustomer(_ id: CustomerID) async throws -> CustomerExport {
        try await backend.read { session in
            guard let row = try await session.rows(
                """
                SELECT document FROM catalog_records WHERE record_type = 'customer' AND record_key = \(id.rawValue)
                    AND deleted = 0
                """
            ).first, case .customer(let customer) = try RowDecoding.record(try RowDecoding.text(row, 0)) else {
                throw ReferentialError(.unknownCustomer, "no customer \(id.rawValue)")
            }
            var offers: [CustomerExport.Offer] = []
            for offer in customer.personalOffers {
                let name = try await session.rows(
                    """
                    SELECT document FROM catalog_records WHERE record_type = 'promotion'
                        AND record_key = \(offer.rawValue) AND deleted = 0
                    """
                ).first.flatMap { row -> String? in
                    guard case .promotion(let promotion) = try? RowDecoding.record(try RowDecoding.text(row, 0)) else { return nil }
                    return promotion.name
                }
                offers.append(CustomerExport.Offer(id: offer.rawValue, name: name))
            }
            let sessions = try await Self.sessions(of: id, in: session)
            var baskets: [CustomerExport.Basket] = []
            var payments: [CustomerExport.Payment] = []
            var audits: [CustomerExport.Audit] = []
            for sessionID in sessions {
                let items = try await session.rows(
                    """
                    SELECT kind, payload, created_at FROM ingest_items WHERE ordering_key = \(sessionID)
                        ORDER BY sequence, created_at
                    """)
                var lines: [String: CustomerExport.Line] = [:]
                var order: [String] = []
                for item in items {
                    let kind = try RowDecoding.text(item, 0)
                    let payload = try RowDecoding.text(item, 1)
                    let at = try RowDecoding.date(try RowDecoding.text(item, 2))
                    if kind == IngestKind.auditResult.rawValue {
                        audits.append(CustomerExport.Audit(sessionID: sessionID, kind: "auditResult", at: at, detail: payload))
                        continue
                    }
                    guard kind == IngestKind.basketEvent.rawValue,
                        let event = try? ProtocolJSON.decoder().decode(BasketEvent.self, from: Data(payload.utf8))
                    else { continue }
                    Self.fold(event, into: &lines, order: &order, audits: &audits, sessionID: sessionID, at: at, raw: payload)
                }
                let basket = try await session.rows(
                    "SELECT store_id, closed_at, total_minor, currency FROM baskets WHERE session_id = \(sessionID)"
                ).first
                baskets.append(CustomerExport.Basket(
                    sessionID: sessionID, storeID: basket.flatMap { RowDecoding.optionalText($0, 0) },
                    closedAt: try basket.flatMap { RowDecoding.optionalText($0, 1) }.map(RowDecoding.date),
                    totalMinor: basket.flatMap { $0.count > 2 ? $0[2].int : nil },
                    currency: basket.flatMap { RowDecoding.optionalText($0, 3) },
                    lines: order.compactMap { lines[$0] }))
                payments += try await session.rows(
                    """
                    SELECT payment_id, session_id, store_id, amount_minor, currency, outcome, scheme, last4, paid_at
                    FROM payments WHERE session_id = \(sessionID) ORDER BY paid_at, payment_id
                    """).map(RowDecoding.payment).map {
                    CustomerExport.Payment(
                        paymentID: $0.paymentID, sessionID: $0.sessionID, amountMinor: $0.amount.minor,
                        currency: $0.amount.currency.code, outcome: $0.outcome, scheme: $0.scheme, paidAt: $0.paidAt)
                }
            }
            let receipts = try await session.rows(
                """
                SELECT store_id, session_id, issued_at, receipt FROM customer_receipts
                WHERE customer_id = \(id.rawValue) AND receipt IS NOT NULL ORDER BY issued_at, store_id, session_id
                """).map { row in
                CustomerExport.Receipt(
                    storeID: try RowDecoding.text(row, 0), sessionID: try RowDecoding.text(row, 1),
                    issuedAt: RowDecoding.optionalText(row, 2).flatMap(ProtocolJSON.date(from:)),
                    document: try RowDecoding.text(row, 3))
            }
            let tokens = try await session.rows(
                "SELECT issued_at FROM customer_tokens WHERE customer_id = \(id.rawValue) ORDER BY issued_at"
            ).map {
                CustomerExport.AccessToken(issuedAt: RowDecoding.optionalText($0, 0).flatMap(ProtocolJSON.date(from:)))
            }
            return CustomerExport(
                exportedAt: Date(),
                customer: CustomerExport.Customer(
                    id: customer.id.rawValue, tier: "\(customer.tier)", personalOffers: offers,
                    personalOffersConsent: customer.personalOffersConsent, auditRiskBand: customer.auditRisk.rawValue,
                    cards: customer.cardHashes.map { CustomerExport.Card(keyID: $0.keyID, hash: $0.hash) }),
                baskets: baskets, payments: payments, audits: audits, receipts: receipts, accessTokens: tokens)
        }
    }

    /// The sessions whose events name the customer (opened with their card, or identified during the trip).
    static func sessions(of id: CustomerID, in session: any SQLSession) async throws -> [String] {
        let rows = try await session.rows(
            """
            SELECT ordering_key, payload FROM ingest_items WHERE kind = \(IngestKind.basketEvent.rawValue)
                AND payload LIKE \("%" + likeEscaped(id.rawValue) + "%") ESCAPE '\\' ORDER BY created_at
            """)
        var sessions: [String] = []
        for row in rows {
            guard let key = RowDecoding.optionalText(row, 0), !sessions.contains(key),
                let event = try? ProtocolJSON.decoder().decode(BasketEvent.self, from: Data(try RowDecoding.text(row, 1).utf8))
            else { continue }
            switch event.payload {
            case .sessionOpened(let opening) where opening.customerID == id: sessions.append(key)
            case .customerIdentified(let customerID) where customerID == id: sessions.append(key)
            default: break
            }
        }
        return sessions
    }

    static func fold(
        _ event: BasketEvent, into lines: inout [String: CustomerExport.Line], order: inout [String],
        audits: inout [CustomerExport.Audit], sessionID: String, at: Date, raw: String
    ) {
        switch event.payload {
        case .lineAdded(let line):
            let key = line.id.uuidString
            if lines[key] == nil { order.append(key) }
            lines[key] = CustomerExport.Line(
                lineID: key, productID: line.productID.rawValue, name: line.name, quantity: line.quantity,
                unitPriceMinor: line.unitPrice.minor, currency: line.unitPrice.currency.code,
                vatBasisPoints: line.vatRate.basisPoints, voided: line.isVoided)
        case .quantityChanged(let lineID, let quantity):
            lines[lineID.uuidString]?.quantity = quantity
        case .lineVoided(let lineID, _, _):
            lines[lineID.uuidString]?.voided = true
        case .auditDecided, .auditCompleted:
            audits.append(CustomerExport.Audit(sessionID: sessionID, kind: event.payload.name, at: at, detail: raw))
        default:
            break
        }
    }
}
