public import SelfScanCore

/// One scan of the demo trip: what a scanner would send.
public struct DemoScan: Sendable, Hashable, Codable {
    public let symbology: AIMIdentifier
    /// The payload text (digits for EAN-13 labels and cards).
    public let text: String
    /// What the scan is, for logs and the demo's narration.
    public let note: String

    public init(symbology: AIMIdentifier, text: String, note: String) {
        self.symbology = symbology
        self.text = text
        self.note = note
    }
}

/// A shopping trip over `DemoCatalog` for the demo's simulated scanner: a loyalty card, weighed produce,
/// a counter label, promotions of every kind, a deposit bottle, an 18+ item (needs staff approval), an
/// unknown code, a recalled item and a coupon. Through `CodeInterpreter` (French default nomenclature)
/// each payload becomes the intended `ScannedCode`.
public enum DemoTrip {
    public static func frenchHypermarket() -> [DemoScan] {
        func ean(_ product: ProductID, _ note: String) -> DemoScan? {
            DemoCatalog.gtin(of: product).map { DemoScan(symbology: .ean13, text: $0.printedForm, note: note) }
        }
        func label(_ prefix: String, _ product: ProductID, _ value: Int, _ note: String) -> DemoScan? {
            guard let reference = DemoCatalog.itemReference(of: product) else { return nil }
            let digits = String(value)
            let body = prefix + reference + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
            return DemoScan(symbology: .ean13, text: DemoCatalog.ean13(body).printedForm, note: note)
        }
        let scans: [DemoScan?] = [
            DemoScan(symbology: .ean13, text: DemoCatalog.marieCard, note: "carte fidélité (Marie, gold)"),
            label("21", DemoCatalog.tomatoes, 1234, "tomates 1,234 kg"),
            label("21", DemoCatalog.bananas, 980, "bananes 0,980 kg"),
            label("21", DemoCatalog.apples, 1512, "pommes 1,512 kg"),
            label("23", DemoCatalog.comte, 812, "comté à la coupe, étiquette 8,12 €"),
            ean(DemoCatalog.yogurt, "yaourts (3 pour 2)"),
            ean(DemoCatalog.yogurt, "yaourts (3 pour 2)"),
            ean(DemoCatalog.yogurt, "yaourts (3 pour 2)"),
            ean(DemoCatalog.sparklingWater, "eau gazeuse verre + consigne"),
            ean(DemoCatalog.redWine, "bordeaux 18+ (contrôle d'âge)"),
            ean(DemoCatalog.coffee, "café (prix carte)"),
            ean(DemoCatalog.coffee, "café (prix carte)"),
            ean(DemoCatalog.detergent, "lessive −25 %"),
            ean(DemoCatalog.shampoo, "shampooing (2e à −60 %)"),
            ean(DemoCatalog.shampoo, "shampooing (2e à −60 %)"),
            ean(DemoCatalog.crispsPlain, "chips nature (2 pour 2,50 €)"),
            ean(DemoCatalog.crispsPaprika, "chips paprika (2 pour 2,50 €)"),
            ean(DemoCatalog.pasta, "pâtes (3 pour 2,50 €)"),
            ean(DemoCatalog.pasta, "pâtes (3 pour 2,50 €)"),
            ean(DemoCatalog.pasta, "pâtes (3 pour 2,50 €)"),
            ean(DemoCatalog.darkChocolate, "chocolat noir (offre personnelle)"),
            ean(DemoCatalog.baguette, "baguette"),
            ean(DemoCatalog.baguette, "baguette"),
            ean(DemoCatalog.milk, "lait"),
            ean(DemoCatalog.milk, "lait"),
            ean(DemoCatalog.butter, "beurre"),
            ean(DemoCatalog.toiletPaper, "papier toilette"),
            ean(DemoCatalog.tvMagazine, "magazine télé (TVA 2,1 %)"),
            DemoScan(symbology: .ean13, text: DemoCatalog.ean13("376000009999").printedForm,
                     note: "code inconnu (appel vendeur)"),
            ean(DemoCatalog.groundBeef, "steaks hachés rappelés (vente bloquée)"),
            DemoScan(symbology: .ean13, text: DemoCatalog.detergentCouponCode, note: "bon de réduction lessive 2 €"),
        ]
        return scans.compactMap { $0 }
    }
}
