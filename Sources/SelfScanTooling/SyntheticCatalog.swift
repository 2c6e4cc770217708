public import SelfScanStorage
public import Foundation
public import SelfScanAPI
public import SelfScanCore

/// Deterministic synthetic catalogs of any size (benchmarks, crash tests, demos): French-looking names with
/// accents, valid GTIN-13s (prefix 376, never a restricted-circulation 2x code), unit and per-kg prices,
/// the four French VAT rates, N-for-price promotions, loyalty customers and one stock level per product.
public struct SyntheticCatalog: Sendable {
    public var productCount: Int
    public var version: CatalogVersion
    public var currency: Currency = .eur
    public var storeID: StoreID = "S1"
    /// Seeds prices and quantities; the same seed and size give the same bytes.
    public var seed: UInt64 = 42
    /// Adds one stock record per product.
    public var includeStock = true
    /// Added to every price (minor units): two snapshots that differ only by it differ in every price.
    public var priceShift: Int64 = 0

    public init(productCount: Int, version: CatalogVersion) {
        self.productCount = productCount
        self.version = version
    }

    private static let nouns = [
        "Pâté", "Crème fraîche", "Yaourt", "Café moulu", "Thé vert", "Brioche", "Bière blonde", "Comté", "Jambon",
        "Pâtes", "Riz", "Chocolat noir", "Céréales", "Eau gazeuse", "Jus d'orange", "Saucisson", "Quiche", "Crêpes",
        "Épinards", "Côtes de porc",
    ]
    private static let qualifiers = [
        "de campagne", "bio", "à l'ancienne", "allégé", "extra", "fermier", "aux herbes", "nature", "pur beurre",
        "équitable", "sans sucre", "grand cru", "du Périgord", "maison", "fumé",
    ]
    private static let brands = ["Délices", "Saveurs d'Été", "Terroir", "Marché Frais", "Les Prés", "Évasion", "Origine"]

    /// The n-th product (0-based), the same on every call.
    public func product(_ index: Int) -> Product {
        var random = SplitMix(seed: seed &+ UInt64(index))
        let noun = Self.nouns[index % Self.nouns.count]
        let qualifier = Self.qualifiers[(index / Self.nouns.count) % Self.qualifiers.count]
        let brand = Self.brands[Int(random.next() % UInt64(Self.brands.count))]
        let name = "\(noun) \(qualifier) \(brand) \(index)"
        let weighed = index % 50 == 7
        let price = Money(minor: Int64(49 + random.next() % 2950) + priceShift, currency: currency)
        let vat: VATRate = [VATRate.frReduced, .frReduced, .frStandard, .frIntermediate, .frSuperReduced][index % 5]
        let promotions: [PromotionID] = index % 100 == 3 ? [PromotionID("PROMO-\(index / 100)")] : []
        return Product(
            id: ProductID(Self.productID(index)),
            gtins: weighed ? [] : [Self.gtin(index)],
            itemReference: weighed ? String(format: "%05d", (index / 50) % 100_000) : nil,
            name: name,
            pricing: weighed ? .perKilogram(price) : .unit(price),
            vatRate: vat,
            minimumAge: noun == "Bière blonde" ? 18 : nil,
            alwaysAudit: index % 997 == 0,
            promotionIDs: promotions)
    }

    public static func productID(_ index: Int) -> String { String(format: "P%07d", index) }

    /// The GTIN-13 of the n-th product: 376 + 9 digits + check digit.
    public static func gtin(_ index: Int) -> GTIN {
        let body = "376" + String(format: "%09d", index)
        let check = GTIN.checkDigit(of: body.utf8.map { Int($0) - 48 })
        // Safe: 13 digits with the check digit just computed.
        return try! GTIN(body + String(check))  // swiftlint:disable:this force_try
    }

    /// Every record of the snapshot, in file order, produced lazily.
    public func records() -> some Sequence<CatalogRecord> {
        let promotionCount = (productCount + 96) / 100
        let customerCount = productCount / 20
        let products = (0..<productCount).lazy.map { CatalogRecord.product(self.product($0)) }
        let promotions = (0..<promotionCount).lazy.map { index in
            CatalogRecord.promotion(Promotion(
                id: PromotionID("PROMO-\(index)"), name: "3 pour 2 n°\(index)",
                kind: .nForPrice(quantity: 3, price: .itemsPaid(2))))
        }
        let customers = (0..<customerCount).lazy.map { index in
            CatalogRecord.customer(LoyaltyCustomer(
                id: CustomerID(String(format: "C%07d", index)),
                // Stand-in hashes (no card number, no PBKDF2 cost): benchmarks never resolve a card.
                cardHashes: [LoyaltyCardHash(keyID: "synthetic", hash: String(format: "%064x", index))],
                tier: LoyaltyTier(rawValue: index % 3) ?? .standard,
                auditRisk: AuditRiskBand(completedTrips: index % 40, failedAudits: 0)))
        }
        let stock = (0..<(includeStock ? productCount : 0)).lazy.map { index in
            CatalogRecord.stock(StockLevel(
                productID: ProductID(Self.productID(index)), storeID: self.storeID, quantity: Int64(index % 240)))
        }
        return [AnySequence(products), AnySequence(promotions), AnySequence(customers), AnySequence(stock)]
            .lazy.joined()
    }

    /// Writes the snapshot file; returns its trailer.
    @discardableResult
    public func write(toPath path: String, createdAt: Date = Date()) throws(CatalogFileError) -> CatalogFileTrailer {
        let writer = try CatalogFileWriter(
            path: path,
            header: .snapshot(version: version, currency: currency, createdAt: createdAt, storeID: storeID))
        for record in records() { try writer.write(record) }
        return try writer.finish()
    }
}

/// A small, fast, seedable generator (SplitMix64): reproducible synthetic data.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
