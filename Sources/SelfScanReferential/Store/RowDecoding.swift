import Foundation
import SelfScanCore
import SelfScanSync

/// Turns column values (the same in both backends) into protocol values; a value that does not parse is a
/// `corruptRow` error naming what failed, never a crash.
enum RowDecoding {
    static func corrupt(_ what: String) -> ReferentialError { ReferentialError(.corruptRow, what) }

    static func storeID(_ text: String) throws -> StoreID {
        do { return try StoreID(text) } catch { throw corrupt("store id \(text)") }
    }

    static func uuid(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw corrupt("uuid \(text)") }
        return id
    }

    static func date(_ text: String) throws -> Date {
        guard let date = ProtocolJSON.date(from: text) else { throw corrupt("date \(text)") }
        return date
    }

    static func currency(_ code: String) throws -> Currency {
        do { return try Currency(code: code) } catch { throw corrupt("currency \(code)") }
    }

    static func gtin(_ text: String) throws -> GTIN {
        do { return try GTIN(text) } catch { throw corrupt("gtin \(text)") }
    }

    static func store(id: String, name: String, rule: String) throws -> StoreRecord {
        guard let rule = PriceConflictRule(rawValue: rule) else { throw corrupt("price rule \(rule)") }
        return StoreRecord(id: try storeID(id), name: name, priceConflictRule: rule)
    }

    static func identity(store: String, device: String) throws -> DeviceIdentity {
        do { return DeviceIdentity(storeID: try storeID(store), deviceID: try DeviceID(device)) } catch {
            throw corrupt("device \(device)")
        }
    }

    static func document(of product: CatalogProduct) throws -> String {
        String(decoding: try ProtocolJSON.encoder().encode(product), as: UTF8.self)
    }

    static func product(from document: String) throws -> CatalogProduct {
        do { return try ProtocolJSON.decoder().decode(CatalogProduct.self, from: Data(document.utf8)) } catch {
            throw corrupt("product document \(document.prefix(80))")
        }
    }

    static func basket(
        id: String, store: String, totalMinor: Int64, currency: String, lineCount: Int, closedAt: String
    ) throws -> BasketRecord {
        BasketRecord(
            basketID: try uuid(id), storeID: try storeID(store),
            total: Money(minor: totalMinor, currency: try self.currency(currency)), lineCount: lineCount,
            closedAt: try date(closedAt))
    }

    static func payment(
        id: String, basket: String, store: String, amountMinor: Int64, currency: String, scheme: String,
        last4: String?, paidAt: String
    ) throws -> PaymentRecord {
        PaymentRecord(
            paymentID: try uuid(id), basketID: try uuid(basket), storeID: try storeID(store),
            amount: Money(minor: amountMinor, currency: try self.currency(currency)), scheme: scheme,
            panLast4: last4, paidAt: try date(paidAt))
    }

    /// Merges per-currency basket and payment aggregates `(currency, count, sum)`.
    static func dayTotals(
        store: StoreID, day: String, baskets: [(String, Int64, Int64)], payments: [(String, Int64, Int64)]
    ) throws -> [DayTotals] {
        let codes = Set(baskets.map(\.0)).union(payments.map(\.0)).sorted()
        return try codes.map { code in
            let currency = try self.currency(code)
            let basket = baskets.first { $0.0 == code }
            let payment = payments.first { $0.0 == code }
            return DayTotals(
                storeID: store, day: day, currency: currency, basketCount: Int(basket?.1 ?? 0),
                basketTotal: Money(minor: basket?.2 ?? 0, currency: currency), paymentCount: Int(payment?.1 ?? 0),
                paymentTotal: Money(minor: payment?.2 ?? 0, currency: currency))
        }
    }

    static func requestText(_ request: ReservationRequest) throws -> String {
        String(decoding: try ProtocolJSON.encoder().encode(request), as: UTF8.self)
    }

    /// A reservation id seen before: the same request from the same store replays the stored answer.
    static func replayedReservation(
        _ request: ReservationRequest, requestText: String, storedText: String, requester: StoreID,
        storedRequester: String, status: String, createdAt: String
    ) throws -> Reservation {
        guard storedText == requestText, storedRequester == requester.rawValue else {
            throw ReferentialError(.conflictingReservation, "reservation \(request.id) was made with other values")
        }
        guard let status = ReservationStatus(rawValue: status) else { throw corrupt("reservation status \(status)") }
        return Reservation(
            id: request.id, gtin: request.gtin, quantity: request.quantity, requestingStoreID: requester,
            fulfilmentStoreID: request.fulfilmentStoreID, status: status, createdAt: try date(createdAt),
            replayed: true)
    }

    static func customerText(_ customer: CustomerProfile) throws -> String {
        String(decoding: try ProtocolJSON.encoder().encode(customer), as: UTF8.self)
    }

    static func customer(from text: String) throws -> CustomerProfile {
        do { return try ProtocolJSON.decoder().decode(CustomerProfile.self, from: Data(text.utf8)) } catch {
            throw corrupt("customer profile")
        }
    }
}
