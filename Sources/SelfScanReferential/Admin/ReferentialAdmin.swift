public import Foundation
public import Logging
public import SelfScanCore
public import SelfScanSync

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
        let token = DeviceToken.generate()
        try await withStore {
            try await $0.insertDeviceToken(hash: DeviceToken.hash(token), identity: DeviceIdentity(storeID: store, deviceID: device))
        }
        return token
    }

    public func importCatalog(path: String) async throws -> [String] {
        let products = try CatalogImport.products(fromFile: path)
        let version = try await withStore {
            try await $0.upsertProducts(products, note: "import \(URL(fileURLWithPath: path).lastPathComponent)")
        }
        return ["imported \(products.count) products; catalog version \(version)"]
    }

    public func setPrice(gtin: GTIN, price: String) async throws -> [String] {
        let version = try await withStore { store in
            let page = try await store.snapshotPage(after: nil, limit: .max)
            guard let product = page.products.first(where: { $0.gtin == gtin }) else {
                throw ReferentialError(.unknownProduct, gtin.digits14)
            }
            guard let minor = CatalogImport.parseDecimal(price, minorUnits: product.price.currency.minorUnits) else {
                throw ReferentialError(.invalidImport, "price '\(price)' is not a decimal amount")
            }
            return try await store.setPrice(gtin, to: Money(minor: minor, currency: product.price.currency))
        }
        return ["price of \(gtin) set to \(price); catalog version \(version)"]
    }

    public func setStock(store id: StoreID, gtin: GTIN, quantity: Int64) async throws -> [String] {
        try await withStore { try await $0.setStock(store: id, gtin: gtin, quantity: quantity) }
        return ["stock of \(gtin) at \(id): \(quantity)"]
    }

    public func addCustomer(_ profile: CustomerProfile) async throws -> [String] {
        try await withStore { try await $0.upsertCustomer(profile) }
        return ["customer \(profile.customerID) holds card \(profile.card) (\(profile.tier.rawValue))"]
    }

    public func listBaskets(store: StoreID?) async throws -> [String] {
        let baskets = try await withStore { try await $0.baskets(store: store) }
        return baskets.map {
            "\(ProtocolJSON.text(of: $0.closedAt))  \($0.storeID)  \($0.basketID)  \($0.lineCount) lines  \($0.total)"
        } + ["\(baskets.count) baskets"]
    }

    public func listPayments(store: StoreID?) async throws -> [String] {
        let payments = try await withStore { try await $0.payments(store: store) }
        return payments.map {
            "\(ProtocolJSON.text(of: $0.paidAt))  \($0.storeID)  \($0.paymentID)  basket \($0.basketID)  \($0.scheme)"
                + "\($0.panLast4.map { " ••••\($0)" } ?? "")  \($0.amount)"
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
