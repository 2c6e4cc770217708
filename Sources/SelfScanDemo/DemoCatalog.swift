public import SelfScanCore

/// A deterministic French hypermarket catalog for the demo, tests and benchmarks: hand-written notable
/// products (weighed produce, deposit bottles, alcohol 18+, a recalled item, an always-audit item, every
/// promotion kind, loyalty customers) plus generated everyday products from a seed.
///
/// Codes follow the French default nomenclature: weighed produce labels are `21` + 5-digit item reference +
/// grams (`21.....{NNDDD}`), price labels `23`/`20` + item reference + cents; loyalty cards are EAN-13 with
/// prefix `042`, store coupons prefix `043`.
public enum DemoCatalog {
    /// The currency of the demo store.
    public static let currency = Currency.eur
    /// The demo store.
    public static let storeID: StoreID = "FR-0042"

    // MARK: Notable products (ids)
    public static let tomatoes: ProductID = "TOMATE-GRAPPE"
    public static let bananas: ProductID = "BANANE"
    public static let apples: ProductID = "POMME-GOLDEN"
    public static let comte: ProductID = "COMTE-18M"
    public static let sparklingWater: ProductID = "EAU-GAZEUSE-1L-VERRE"
    public static let bottleDeposit: ProductID = "CONSIGNE-VERRE"
    public static let redWine: ProductID = "VIN-BORDEAUX-75CL"
    public static let whisky: ProductID = "WHISKY-70CL"
    public static let yogurt: ProductID = "YAOURT-NATURE-X4"
    public static let coffee: ProductID = "CAFE-MOULU-250G"
    public static let detergent: ProductID = "LESSIVE-2L"
    public static let shampoo: ProductID = "SHAMPOOING-250ML"
    public static let crispsPlain: ProductID = "CHIPS-NATURE"
    public static let crispsPaprika: ProductID = "CHIPS-PAPRIKA"
    public static let pasta: ProductID = "PATES-500G"
    public static let darkChocolate: ProductID = "CHOCOLAT-NOIR-70"
    public static let groundBeef: ProductID = "STEAK-HACHE-X2"
    public static let earbuds: ProductID = "ECOUTEURS-BT"
    public static let baguette: ProductID = "BAGUETTE"
    public static let milk: ProductID = "LAIT-DEMI-ECREME-1L"
    public static let butter: ProductID = "BEURRE-DOUX-250G"
    public static let eggs: ProductID = "OEUFS-PLEIN-AIR-X6"
    public static let toiletPaper: ProductID = "PAPIER-TOILETTE-X12"
    public static let tvMagazine: ProductID = "MAGAZINE-TELE"

    // MARK: Promotions (ids)
    public static let yogurtThreeForTwo: PromotionID = "PROMO-3POUR2-YAOURT"
    public static let coffeeLoyaltyPrice: PromotionID = "PROMO-PRIXCARTE-CAFE"
    public static let detergentPercentOff: PromotionID = "PROMO-LESSIVE-25"
    public static let shampooSecondItem: PromotionID = "PROMO-SHAMPOOING-2E-60"
    public static let crispsMixAndMatch: PromotionID = "PROMO-CHIPS-2-POUR-250"
    public static let pastaThreeForPrice: PromotionID = "PROMO-PATES-3-POUR-250"
    public static let chocolatePersonalOffer: PromotionID = "OFFRE-PERSO-CHOCOLAT-30"
    public static let loyaltyThreshold: PromotionID = "SEUIL-CARTE-5-DES-80"
    public static let everyoneThreshold: PromotionID = "SEUIL-8-DES-150"
    public static let detergentCoupon: PromotionID = "BON-LESSIVE-2"
    public static let welcomeCoupon: PromotionID = "BON-BIENVENUE-5"

    // MARK: Customers
    public static let marie: CustomerID = "CLIENT-MARIE"
    public static let luc: CustomerID = "CLIENT-LUC"
    public static let paul: CustomerID = "CLIENT-PAUL"

    /// Loyalty card of Marie (gold, 12 trips, personal chocolate offer).
    public static let marieCard = ean13("042000000001").printedForm
    /// Loyalty card of Luc (first trip).
    public static let lucCard = ean13("042000000002").printedForm
    /// Loyalty card of Paul (2 failed audits).
    public static let paulCard = ean13("042000000003").printedForm
    /// Store coupon: 2 € off one detergent.
    public static let detergentCouponCode = ean13("043000000001").printedForm
    /// Store coupon: 5 € off a basket of 50 € or more.
    public static let welcomeCouponCode = ean13("043000000002").printedForm

    /// The snapshot: notable products first, then `generatedCount` generated ones (seeded).
    public static func frenchHypermarket(
        version: CatalogVersion = CatalogVersion(1), seed: UInt64 = 2026, generatedCount: Int = 400
    ) -> CatalogSnapshot {
        CatalogSnapshot(
            version: version, currency: currency,
            products: notableProducts().map(withAttributes) + generatedProducts(seed: seed, count: generatedCount),
            promotions: promotions(), customers: customers())
    }

    /// The GTIN of a notable product.
    public static func gtin(of product: ProductID) -> GTIN? {
        notableProducts().first { $0.id == product }?.gtins.first
    }

    /// The item reference (5 digits) of a notable weighed or label-priced product.
    public static func itemReference(of product: ProductID) -> String? {
        notableProducts().first { $0.id == product }?.itemReference
    }

    static func euros(_ cents: Int64) -> Money { Money(minor: cents, currency: currency) }

    /// A valid EAN-13 from its 12 first digits. Only called with digit constants of this file and digits
    /// generated below (always 12 digits), so the GTIN initialiser cannot fail.
    public static func ean13(_ twelve: String) -> GTIN {
        let digits = twelve.utf8.map { Int($0) - 0x30 }
        do {
            return try GTIN(twelve + String(GTIN.checkDigit(of: digits)))
        } catch {
            preconditionFailure("demo GTIN \(twelve) is not 12 digits: \(error)")
        }
    }

    static func notableProducts() -> [Product] {
        [
            Product(id: tomatoes, itemReference: "10001", name: "Tomates grappe", pricing: .perKilogram(euros(349)),
                    vatRate: .frReduced),
            Product(id: bananas, itemReference: "10002", name: "Bananes", pricing: .perKilogram(euros(199)),
                    vatRate: .frReduced),
            Product(id: apples, itemReference: "10003", name: "Pommes Golden", pricing: .perKilogram(euros(249)),
                    vatRate: .frReduced),
            Product(id: comte, itemReference: "20001", name: "Comté 18 mois (coupe)", pricing: .perKilogram(euros(2490)),
                    vatRate: .frReduced),
            Product(id: sparklingWater, gtins: [ean13("376000000101")], name: "Eau gazeuse 1 L bouteille verre consignée",
                    pricing: .unit(euros(110)), vatRate: .frReduced, depositProductID: bottleDeposit),
            Product(id: bottleDeposit, gtins: [ean13("376000000102")], name: "Consigne bouteille verre",
                    pricing: .unit(euros(20)), vatRate: .zero),
            Product(id: redWine, gtins: [ean13("376000000103")], name: "Bordeaux AOC rouge 75 cl",
                    pricing: .unit(euros(690)), vatRate: .frStandard, minimumAge: 18),
            Product(id: whisky, gtins: [ean13("376000000104")], name: "Whisky single malt 70 cl",
                    pricing: .unit(euros(3490)), vatRate: .frStandard, minimumAge: 18, alwaysAudit: true),
            Product(id: yogurt, gtins: [ean13("376000000105")], name: "Yaourts nature x4",
                    pricing: .unit(euros(185)), vatRate: .frReduced, promotionIDs: [yogurtThreeForTwo]),
            Product(id: coffee, gtins: [ean13("376000000106")], name: "Café moulu 250 g",
                    pricing: .unit(euros(379)), vatRate: .frReduced, promotionIDs: [coffeeLoyaltyPrice]),
            Product(id: detergent, gtins: [ean13("376000000107")], name: "Lessive liquide 2 L",
                    pricing: .unit(euros(1190)), vatRate: .frStandard,
                    promotionIDs: [detergentPercentOff, detergentCoupon]),
            Product(id: shampoo, gtins: [ean13("376000000108")], name: "Shampooing 250 ml",
                    pricing: .unit(euros(320)), vatRate: .frStandard, promotionIDs: [shampooSecondItem]),
            Product(id: crispsPlain, gtins: [ean13("376000000109")], name: "Chips nature 150 g",
                    pricing: .unit(euros(160)), vatRate: .frReduced, promotionIDs: [crispsMixAndMatch]),
            Product(id: crispsPaprika, gtins: [ean13("376000000110")], name: "Chips paprika 150 g",
                    pricing: .unit(euros(175)), vatRate: .frReduced, promotionIDs: [crispsMixAndMatch]),
            Product(id: pasta, gtins: [ean13("376000000111")], name: "Pâtes coquillettes 500 g",
                    pricing: .unit(euros(99)), vatRate: .frReduced, promotionIDs: [pastaThreeForPrice]),
            Product(id: darkChocolate, gtins: [ean13("376000000112")], name: "Chocolat noir 70 % 100 g",
                    pricing: .unit(euros(215)), vatRate: .frReduced, promotionIDs: [chocolatePersonalOffer]),
            Product(id: groundBeef, gtins: [ean13("376000000113")], name: "Steaks hachés 5 % MG x2",
                    pricing: .unit(euros(449)), vatRate: .frReduced,
                    saleStop: SaleStop(reason: .recall, note: "Rappel lot 24-117")),
            Product(id: earbuds, gtins: [ean13("376000000114")], name: "Écouteurs sans fil",
                    pricing: .unit(euros(3999)), vatRate: .frStandard, alwaysAudit: true),
            Product(id: baguette, gtins: [ean13("376000000115")], name: "Baguette tradition",
                    pricing: .unit(euros(115)), vatRate: .frReduced),
            Product(id: milk, gtins: [ean13("376000000116")], name: "Lait demi-écrémé 1 L",
                    pricing: .unit(euros(109)), vatRate: .frReduced),
            Product(id: butter, gtins: [ean13("376000000117")], name: "Beurre doux 250 g",
                    pricing: .unit(euros(235)), vatRate: .frReduced),
            Product(id: eggs, gtins: [ean13("376000000118")], name: "Œufs plein air x6",
                    pricing: .unit(euros(259)), vatRate: .frReduced),
            Product(id: toiletPaper, gtins: [ean13("376000000119")], name: "Papier toilette x12",
                    pricing: .unit(euros(599)), vatRate: .frStandard),
            Product(id: tvMagazine, gtins: [ean13("376000000120")], name: "Magazine télé",
                    pricing: .unit(euros(250)), vatRate: .frSuperReduced),
        ]
    }

    static func promotions() -> [Promotion] {
        [
            Promotion(id: yogurtThreeForTwo, name: "3 pour 2 yaourts nature",
                      kind: .nForPrice(quantity: 3, price: .itemsPaid(2))),
            Promotion(id: coffeeLoyaltyPrice, name: "Prix carte café moulu 2,99 €",
                      kind: .loyaltyPrice(unitPrice: euros(299)), eligibility: .loyaltyMembers(minimumTier: .standard)),
            Promotion(id: detergentPercentOff, name: "Lessive −25 %", kind: .percentOff(basisPoints: 2500)),
            Promotion(id: shampooSecondItem, name: "Shampooing : le 2e à −60 %",
                      kind: .secondItemPercentOff(basisPoints: 6000)),
            Promotion(id: crispsMixAndMatch, name: "Chips : 2 pour 2,50 €",
                      kind: .mixAndMatch(quantity: 2, price: .amount(euros(250)))),
            Promotion(id: pastaThreeForPrice, name: "Pâtes : 3 pour 2,50 €",
                      kind: .nForPrice(quantity: 3, price: .amount(euros(250)))),
            Promotion(id: chocolatePersonalOffer, name: "Votre offre : chocolat noir −30 %",
                      kind: .percentOff(basisPoints: 3000), eligibility: .personalOffer),
            Promotion(id: loyaltyThreshold, name: "Carte : 5 € offerts dès 80 €",
                      kind: .basketThreshold(minimum: euros(8000), reward: .amountOff(euros(500))),
                      eligibility: .loyaltyMembers(minimumTier: .standard)),
            Promotion(id: everyoneThreshold, name: "8 € offerts dès 150 €",
                      kind: .basketThreshold(minimum: euros(15000), reward: .amountOff(euros(800)))),
            Promotion(id: detergentCoupon, name: "Bon : 2 € sur la lessive",
                      kind: .coupon(code: detergentCouponCode, reward: .amountOff(euros(200)), scope: .listedProducts,
                                    minimumBasket: nil)),
            Promotion(id: welcomeCoupon, name: "Bon de bienvenue : 5 € dès 50 €",
                      kind: .coupon(code: welcomeCouponCode, reward: .amountOff(euros(500)), scope: .basket,
                                    minimumBasket: euros(5000))),
        ]
    }

    static func customers() -> [LoyaltyCustomer] {
        [
            LoyaltyCustomer(id: marie, cardCodes: [marieCard], tier: .gold, personalOffers: [chocolatePersonalOffer],
                            completedTrips: 12, failedAudits: 0),
            LoyaltyCustomer(id: luc, cardCodes: [lucCard], tier: .standard, completedTrips: 0),
            LoyaltyCustomer(id: paul, cardCodes: [paulCard], tier: .silver, completedTrips: 30, failedAudits: 2),
        ]
    }

    /// Everyday products: deterministic names, prices and VAT rates from `seed`. GTINs `3770…`.
    static func generatedProducts(seed: UInt64, count: Int) -> [Product] {
        let families: [(name: String, vat: VATRate, minCents: Int, maxCents: Int)] = [
            ("Biscuits", .frReduced, 89, 399), ("Conserve de légumes", .frReduced, 79, 299),
            ("Jus de fruits 1 L", .frReduced, 129, 389), ("Céréales", .frReduced, 189, 549),
            ("Fromage", .frReduced, 149, 699), ("Surgelé", .frReduced, 199, 899),
            ("Soda 1,5 L", .frReduced, 99, 249), ("Papier toilette", .frStandard, 249, 899),
            ("Dentifrice", .frStandard, 149, 449), ("Piles", .frStandard, 399, 1499),
            ("Cahier", .frStandard, 99, 499), ("Magazine", .frSuperReduced, 250, 790),
            ("Plat cuisiné", .frReduced, 249, 699), ("Huile", .frReduced, 199, 999),
        ]
        let brands = ["Saveurs d'ici", "Bon Marché", "Terre & Mer", "Les Halles", "Nature+", "Maison", "Prestige"]
        var generator = SeededGenerator(seed: seed)
        var products: [Product] = []
        for index in 0..<max(count, 0) {
            let family = families[generator.uniform(below: families.count)]
            let brand = brands[generator.uniform(below: brands.count)]
            let cents = family.minCents + generator.uniform(below: family.maxCents - family.minCents + 1)
            let number = String(index + 1)
            let gtin = ean13("3770" + String(repeating: "0", count: 8 - number.count) + number)
            products.append(Product(
                id: ProductID("GEN-\(String(repeating: "0", count: 5 - min(number.count, 5)))\(number)"),
                gtins: [gtin], name: "\(family.name) \(brand) n°\(index + 1)",
                pricing: .unit(euros(Int64(cents))), vatRate: family.vat))
        }
        return products
    }
}
