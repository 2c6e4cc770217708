import Foundation
import SelfScanCore
import SelfScanSync

/// Test data: products with valid GTINs, baskets and payments as a daemon would send them.
enum Fixtures {
    /// A valid GTIN-13 built from a 12-digit body.
    static func gtin(_ number: Int) throws -> GTIN {
        let body = String(format: "376%09d", number)
        let digits = body.compactMap { $0.wholeNumberValue }
        return try GTIN(body + String(GTIN.checkDigit(of: digits)))
    }

    static func product(_ number: Int, priceMinor: Int64 = 199) throws -> CatalogProduct {
        CatalogProduct(
            gtin: try gtin(number), name: "Product \(number)", price: Money(minor: priceMinor, currency: .eur),
            vatRate: .frReduced)
    }

    static func day() -> Date { Date(timeIntervalSince1970: 1_795_000_000) }

    /// A closed basket and its payment for `store`, as two ingest items.
    static func basketWithPayment(store: StoreID, totalMinor: Int64 = 1234, at date: Date = day()) throws -> [IngestItem] {
        let basketID = UUID()
        let basket = ClosedBasketPayload(
            basketID: basketID, closedAt: date, total: Money(minor: totalMinor, currency: .eur), lineCount: 3)
        let payment = PaymentPayload(
            paymentID: UUID(), basketID: basketID, amount: Money(minor: totalMinor, currency: .eur), scheme: "CB",
            panLast4: "4242", authorisationCode: "A1B2C3", terminalTransactionID: "T-1", paidAt: date)
        return [
            IngestItem(
                id: UUID(), kind: .basketEvent, storeID: store, basketID: basketID, sequence: 0, createdAt: date,
                payload: .object(["event": .string("checkoutRequested")])),
            IngestItem(
                id: UUID(), kind: .closedBasket, storeID: store, basketID: basketID, sequence: 1, createdAt: date,
                payload: try ProtocolJSON.value(of: basket)),
            IngestItem(
                id: UUID(), kind: .payment, storeID: store, basketID: basketID, sequence: 2, createdAt: date,
                payload: try ProtocolJSON.value(of: payment)),
        ]
    }
}
