import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanStorage
import SelfScanSync

/// Test data: products with valid GTINs, baskets and payments as a daemon would send them.
enum Fixtures {
    /// A valid GTIN-13 built from a 12-digit body.
    static func gtin(_ number: Int) throws -> GTIN {
        let body = String(format: "376%09d", number)
        return try GTIN(body + String(GTIN.checkDigit(of: body.compactMap(\.wholeNumberValue))))
    }

    static func product(_ number: Int, priceMinor: Int64 = 199) throws -> Product {
        Product(
            id: ProductID("P\(number)"), gtins: [try gtin(number)], name: "Product \(number)",
            pricing: .unit(Money(minor: priceMinor, currency: .eur)), vatRate: .frReduced)
    }

    static func products(_ range: ClosedRange<Int>) throws -> [CatalogRecord] {
        try range.map { .product(try product($0)) }
    }

    static func day() -> Date { Date(timeIntervalSince1970: 1_795_000_000) }

    /// A basket event, the closed basket and its payment for `store`: three ingest items of one session.
    static func basketWithPayment(store: StoreID, totalMinor: Int64 = 1234, at date: Date = day()) throws -> [IngestItem] {
        let session = UUID()
        let basket = ClosedBasketPayload(
            sessionID: session.uuidString, closedAt: date, total: Money(minor: totalMinor, currency: .eur), lineCount: 3)
        let payment = try PaymentRecord(
            idempotencyKey: UUID().uuidString, sessionID: SessionID(uuid: session),
            amount: Money(minor: totalMinor, currency: .eur), outcome: .approved, scheme: "CB", last4: "4242",
            authCode: "A1B2C3", terminalTransactionID: "T-1", recordedAt: date)
        return [
            IngestItem(
                id: UUID().uuidString, kind: .basketEvent, storeID: store.rawValue, orderingKey: session.uuidString,
                sequence: 1, createdAt: date, payload: .object(["event": .string("checkoutRequested")])),
            IngestItem(
                id: UUID().uuidString, kind: .closedBasket, storeID: store.rawValue, orderingKey: session.uuidString,
                sequence: 2, createdAt: date, payload: try ProtocolJSON.value(of: basket)),
            IngestItem(
                id: payment.idempotencyKey, kind: .payment, storeID: store.rawValue, orderingKey: session.uuidString,
                sequence: 3, createdAt: date, payload: try ProtocolJSON.value(of: payment.payload)),
        ]
    }
}
