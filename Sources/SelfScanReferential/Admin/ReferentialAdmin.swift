public import Foundation
public import Logging
public import SelfScanAPI
public import SelfScanCore

/// The admin operations behind `selfscan referential <sub>`: each opens the database, migrates, acts, and
/// returns the lines to print.
public struct ReferentialAdmin: Sendable {
    public let location: DatabaseLocation
    let logger: Logger

    public init(location: DatabaseLocation, logger: Logger = Logger(label: "selfscan.referential.admin")) {
        self.location = location
        self.logger = logger
    }

    func withStore<T: Sendable>(_ body: @Sendable (any ReferentialStore) async throws -> T) async throws -> T {
        try await ReferentialStores.withStore(location, logger: logger) { store in
            try await store.migrate()
            return try await body(store)
        }
    }

    public func createStore(id: StoreID, name: String, rule: PriceConflictRule) async throws -> [String] {
        try await withStore { try await $0.createStore(StoreRecord(id: id, name: name, priceConflictRule: rule)) }
        return ["created store \(id) (\(name)), price conflict rule \(rule.rawValue)"]
    }

    /// Issues a token: returns it (printed once; only its hash is stored).
    public func issueToken(store: StoreID, device: DeviceID) async throws -> String {
        try await withStore { try await $0.issueDeviceToken(store: store, device: device) }
    }

    /// Revokes every token of a device (lost or stolen): its next request is refused `401`.
    public func revokeDevice(store: StoreID, device: DeviceID) async throws -> [String] {
        let count = try await withStore { try await $0.revokeDeviceTokens(store: store, device: device) }
        guard count > 0 else { throw ReferentialError(.unknownDevice, "\(store)/\(device) holds no token") }
        return ["revoked \(count) token\(count == 1 ? "" : "s") of device \(device) at store \(store)"]
    }

    public func importCatalog(path: String) async throws -> [String] {
        let records = try CatalogImport.records(fromFile: path)
        let version = try await withStore {
            try await $0.publish(records, note: "import \(URL(fileURLWithPath: path).lastPathComponent)")
        }
        return ["imported \(records.count) records; catalog version \(version.rawValue)"]
    }

    public func setPrice(gtin: GTIN, price: String) async throws -> [String] {
        let version = try await withStore { store in
            guard let product = try await store.product(gtin: gtin) else {
                throw ReferentialError(.unknownProduct, gtin.digits14)
            }
            let currency = product.pricing.price.currency
            guard let minor = CatalogImport.parseDecimal(price, minorUnits: currency.minorUnits) else {
                throw ReferentialError(.invalidImport, "price '\(price)' is not a decimal amount")
            }
            return try await store.setPrice(gtin: gtin, to: Money(minor: minor, currency: currency))
        }
        return ["price of \(gtin) set to \(price); catalog version \(version.rawValue)"]
    }

    public func setStock(store id: StoreID, gtin: GTIN, quantity: Int64) async throws -> [String] {
        let version = try await withStore { store in
            guard let product = try await store.product(gtin: gtin) else {
                throw ReferentialError(.unknownProduct, gtin.digits14)
            }
            return try await store.publish(
                [.stock(StockLevel(productID: product.id, storeID: id, quantity: quantity))], note: "stock \(gtin) \(id)")
        }
        return ["stock of \(gtin) at \(id): \(quantity); catalog version \(version.rawValue)"]
    }

    /// Sets many stock levels in one catalog version.
    public func setStock(_ levels: [StockLevel]) async throws -> [String] {
        let version = try await withStore { store in
            try await store.publish(levels.map(CatalogRecord.stock), note: "stock: \(levels.count) levels")
        }
        return ["\(levels.count) stock levels; catalog version \(version.rawValue)"]
    }

    public func addCustomer(_ customer: LoyaltyCustomer) async throws -> [String] {
        let version = try await withStore { try await $0.publish([.customer(customer)], note: "customer \(customer.id)") }
        // Never the card numbers on the terminal (they are hashed on the way in; docs/privacy.md).
        let cards = customer.cardCodes.count + customer.cardHashes.count
        return ["customer \(customer.id) holds \(cards) card\(cards == 1 ? "" : "s"); catalog version \(version.rawValue)"]
    }

    public func listBaskets(store: StoreID?) async throws -> [String] {
        let baskets = try await withStore { try await $0.baskets(store: store) }
        return baskets.map {
            "\(ProtocolJSON.text(of: $0.closedAt))  \($0.storeID)  \($0.sessionID)  \($0.lineCount) lines  \($0.total)"
        } + ["\(baskets.count) baskets"]
    }

    public func listPayments(store: StoreID?) async throws -> [String] {
        let payments = try await withStore { try await $0.payments(store: store) }
        return payments.map {
            "\(ProtocolJSON.text(of: $0.paidAt))  \($0.storeID)  \($0.paymentID)  basket \($0.sessionID)  "
                + "\($0.outcome) \($0.scheme ?? "")\($0.last4.map { " ••••\($0)" } ?? "")  \($0.amount)"
        } + ["\(payments.count) payments"]
    }

    public func dayTotals(store: StoreID, day: String) async throws -> [String] {
        let totals = try await withStore { try await $0.dayTotals(store: store, day: day) }
        guard !totals.isEmpty else { return ["\(store) \(day): no baskets, no payments"] }
        return totals.map {
            "\(store) \(day) \($0.currency): \($0.basketCount) baskets \($0.basketTotal), "
                + "\($0.paymentCount) payments \($0.paymentTotal)"
        }
    }
}
