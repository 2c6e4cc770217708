import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanStorage

/// Builds the shelf page's answer for one GTIN: the product with its attributes from the catalog cache, its
/// current promotions, stock (live from the referential through click & collect, else the cache with its
/// age) and, when it is out of stock here, substitutes that are in stock here.
struct ShelfViewBuilder {
    let daemon: Daemon
    let clickAndCollect: ClickAndCollect
    /// The most substitutes shown.
    static let substituteLimit = 3

    func view(gtinText: String) async throws -> ShelfView {
        let gtin = try Self.gtin(gtinText)
        guard let database = daemon.database, let lookup = try CatalogCache(database: database).lookup() else {
            throw SessionError.noCatalog
        }
        guard let product = try lookup.productWithAttributes(gtin: gtin) else {
            throw APIError.notFound("product with GTIN \(gtin.digits14)")
        }
        let stock = try await clickAndCollect.stock(code: gtin.digits14)
        let now = Instant(unixSeconds: daemon.now())
        var offers: [ShelfView.Offer] = []
        var loyaltyPrice: Money?
        for promotion in try lookup.promotions(of: product) where promotion.validity.contains(now) {
            if case .coupon = promotion.kind { continue }
            let loyaltyOnly: Bool
            switch promotion.eligibility {
            case .everyone: loyaltyOnly = false
            case .loyaltyMembers: loyaltyOnly = true
            case .personalOffer: continue  // personal: never shown on a public page
            }
            if case .loyaltyPrice(let price) = promotion.kind {
                loyaltyPrice = price
            }
            offers.append(
                .init(
                    id: promotion.id.rawValue, name: promotion.name, kind: promotion.kind.name,
                    loyaltyOnly: loyaltyOnly || promotion.kind.name == "loyaltyPrice"))
        }
        let attributes = product.attributes ?? .none
        let outOfStockHere = (stock.here ?? 0) <= 0
        return ShelfView(
            gtin: gtin.digits14, productID: product.id.rawValue, name: product.name, brand: attributes.brand,
            description: attributes.description, origin: attributes.origin, ingredients: attributes.ingredients,
            allergens: attributes.allergens, nutriScore: attributes.nutriScore?.rawValue,
            imageURL: attributes.image, price: product.pricing.price,
            pricing: { if case .perKilogram = product.pricing { "perKilogram" } else { "unit" } }(),
            unitPrice: Self.unitPrice(of: product), loyaltyPrice: loyaltyPrice, offers: offers,
            saleStopped: product.isSaleStopped,
            stock: ShelfView.Stock(
                here: stock.here,
                otherStores: stock.otherStores.map { .init(storeID: $0.store, name: $0.name, quantity: $0.quantity) },
                source: stock.source.rawValue, ageSeconds: stock.catalogAgeSeconds),
            substitutes: outOfStockHere
                ? try await substitutes(for: product, lookup: lookup, live: stock.source == .referential) : [],
            canOrder: clickAndCollect.referential != nil && !product.isSaleStopped,
            storeID: daemon.config.store)
    }

    static func gtin(_ text: String) throws -> GTIN {
        do {
            return try GTIN(text)
        } catch {
            throw APIError(.badRequest, code: "invalidGTIN", "'\(text)' is not a GTIN-8/12/13/14: \(error)")
        }
    }

    static func unitPrice(of product: Product) -> ShelfView.UnitPrice? {
        product.unitPricePerMeasure.map { .init(price: $0.price, per: $0.unit.rawValue) }
    }

    /// The most candidates whose stock is asked (live, one request each) before giving up.
    static let candidateLimit = 8

    /// Explicit catalog substitutes first, then products of the same category (closest unit price first);
    /// only those on hand here, not sale-stopped. Their stock is asked live when the product's was (`live`),
    /// else read from the catalog cache.
    func substitutes(for product: Product, lookup: StoredCatalogLookup, live: Bool) async throws
        -> [ShelfView.Substitute]
    {
        let store = StoreID(daemon.config.store)
        var candidates: [(Product, String)] = []
        for id in product.attributes?.links.substitutes ?? [] {
            if let linked = try lookup.productWithAttributes(id: id) { candidates.append((linked, "suggested by the store")) }
        }
        // Then the referential's substitutes (same category, close unit price, in stock: `suggestions` records).
        let computed = try SuggestionFinder(lookup: lookup, store: store)
            .substitutes(of: product.id, limit: Self.candidateLimit, isAvailable: { _ in true })
        for suggestion in computed where suggestion.reason == .sameCategory {
            if let candidate = try lookup.productWithAttributes(id: suggestion.productID),
                let category = candidate.attributes?.category
            {
                candidates.append((candidate, "same category: \(category)"))
            }
        }
        if let department = product.attributes?.department, let category = product.attributes?.category {
            let reference = Self.unitPrice(of: product)?.price.minor ?? product.pricing.price.minor
            let sameCategory = try lookup.products(department: department)
                .filter { $0.attributes?.category == category && $0.id != product.id }
                .sorted {
                    abs((Self.unitPrice(of: $0)?.price.minor ?? $0.pricing.price.minor) - reference)
                        < abs((Self.unitPrice(of: $1)?.price.minor ?? $1.pricing.price.minor) - reference)
                }
            candidates += sameCategory.map { ($0, "same category: \(category)") }
        }
        var seen: Set<ProductID> = [product.id]
        var result: [ShelfView.Substitute] = []
        var asked = 0
        for (candidate, reason) in candidates where !seen.contains(candidate.id) && !candidate.isSaleStopped {
            seen.insert(candidate.id)
            guard asked < Self.candidateLimit else { break }
            asked += 1
            let here: Int64
            if live, let gtin = candidate.gtins.first {
                here = Int64(try await clickAndCollect.stock(code: gtin.digits14).here ?? 0)
            } else {
                here = try lookup.stock(of: candidate.id).first { $0.storeID == store }?.quantity ?? 0
            }
            guard here > 0 else { continue }
            result.append(
                .init(
                    productID: candidate.id.rawValue, gtin: candidate.gtins.first?.digits14, name: candidate.name,
                    price: candidate.pricing.price, unitPrice: Self.unitPrice(of: candidate), quantityHere: Int(here),
                    reason: reason))
            if result.count == Self.substituteLimit { break }
        }
        return result
    }
}
