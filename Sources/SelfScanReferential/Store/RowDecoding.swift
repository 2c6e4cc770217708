import Foundation
import SelfScanAPI
import SelfScanCore

/// Turns rows (the same in both backends) into values; a value that does not parse is a `corruptRow` error
/// naming what failed, never a crash.
enum RowDecoding {
    static func corrupt(_ what: String) -> ReferentialError { ReferentialError(.corruptRow, what) }

    static func text(_ row: [SQLValue], _ index: Int) throws -> String {
        guard index < row.count, let value = row[index].string else { throw corrupt("column \(index) is not text") }
        return value
    }

    static func optionalText(_ row: [SQLValue], _ index: Int) -> String? {
        index < row.count ? row[index].string : nil
    }

    static func int(_ row: [SQLValue], _ index: Int) throws -> Int64 {
        guard index < row.count, let value = row[index].int else { throw corrupt("column \(index) is not an integer") }
        return value
    }

    static func date(_ text: String) throws -> Date {
        guard let date = ProtocolJSON.date(from: text) else { throw corrupt("date \(text)") }
        return date
    }

    static func currency(_ code: String) throws -> Currency {
        do { return try Currency(code: code) } catch { throw corrupt("currency \(code)") }
    }

    static func record(_ document: String) throws -> CatalogRecord {
        do { return try ProtocolJSON.decoder().decode(CatalogRecord.self, from: Data(document.utf8)) } catch {
            throw corrupt("catalog record \(document.prefix(80))")
        }
    }

    static func store(_ row: [SQLValue]) throws -> StoreRecord {
        let rule = try text(row, 2)
        guard let priceRule = PriceConflictRule(rawValue: rule) else { throw corrupt("price rule \(rule)") }
        return StoreRecord(id: StoreID(try text(row, 0)), name: try text(row, 1), priceConflictRule: priceRule)
    }

    static func basket(_ row: [SQLValue]) throws -> BasketRecord {
        BasketRecord(
            sessionID: try text(row, 0), storeID: StoreID(try text(row, 1)),
            total: Money(minor: try int(row, 2), currency: try currency(try text(row, 3))),
            lineCount: Int(try int(row, 4)), closedAt: try date(try text(row, 5)), loyaltyCard: optionalText(row, 6))
    }

    static func payment(_ row: [SQLValue]) throws -> IngestedPayment {
        IngestedPayment(
            paymentID: try text(row, 0), sessionID: try text(row, 1), storeID: StoreID(try text(row, 2)),
            amount: Money(minor: try int(row, 3), currency: try currency(try text(row, 4))), outcome: try text(row, 5),
            scheme: optionalText(row, 6), last4: optionalText(row, 7), paidAt: try date(try text(row, 8)))
    }

    /// Merges per-currency basket and payment aggregates (currency, count, sum).
    static func dayTotals(
        store: StoreID, day: String, baskets: [[SQLValue]], payments: [[SQLValue]]
    ) throws -> [DayTotals] {
        func aggregate(_ rows: [[SQLValue]]) throws -> [String: (Int64, Int64)] {
            var result: [String: (Int64, Int64)] = [:]
            for row in rows { result[try text(row, 0)] = (try int(row, 1), try int(row, 2)) }
            return result
        }
        let basketSums = try aggregate(baskets)
        let paymentSums = try aggregate(payments)
        return try Set(basketSums.keys).union(paymentSums.keys).sorted().map { code in
            let currency = try self.currency(code)
            let basket = basketSums[code] ?? (0, 0)
            let payment = paymentSums[code] ?? (0, 0)
            return DayTotals(
                storeID: store, day: day, currency: currency, basketCount: Int(basket.0),
                basketTotal: Money(minor: basket.1, currency: currency), paymentCount: Int(payment.0),
                paymentTotal: Money(minor: payment.1, currency: currency))
        }
    }
}
