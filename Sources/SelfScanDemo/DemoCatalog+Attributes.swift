public import SelfScanCore

extension DemoCatalog {
    /// Catalog v2 attributes of the notable products (brand, department, Nutri-Score, net content, links…):
    /// what the shelf pages and labels of `selfscan demo` show. The plain crisps are out of stock in the demo
    /// store (`DemoClickAndCollect`), so their page shows the paprika ones as a substitute.
    static func attributes(of id: ProductID) -> ProductAttributes? {
        switch id {
        case yogurt:
            ProductAttributes(
                brand: "Laiterie du Val", department: "Crèmerie", category: "Yaourts", origin: "Normandie",
                ingredients: "Lait entier, ferments lactiques", allergens: ["lait"], nutriScore: .a,
                image: "/img/products/yaourt.svg", netContent: NetContent(unit: .kilogram, quantity: 500))
        case coffee:
            ProductAttributes(
                brand: "Maison Robusta", department: "Épicerie sucrée", category: "Café",
                description: "Café moulu pur arabica, torréfaction douce", origin: "Colombie",
                ingredients: "Café arabica torréfié moulu", nutriScore: .b, image: "/img/products/cafe.svg",
                netContent: NetContent(unit: .kilogram, quantity: 250),
                links: ProductLinks(complements: [milk, darkChocolate]))
        case crispsPlain:
            ProductAttributes(
                brand: "Croustille", department: "Épicerie salée", category: "Chips", origin: "France",
                ingredients: "Pommes de terre, huile de tournesol, sel", nutriScore: .d,
                netContent: NetContent(unit: .kilogram, quantity: 150),
                links: ProductLinks(substitutes: [crispsPaprika]))
        case crispsPaprika:
            ProductAttributes(
                brand: "Croustille", department: "Épicerie salée", category: "Chips", origin: "France",
                ingredients: "Pommes de terre, huile de tournesol, paprika, sel", allergens: ["céleri"],
                nutriScore: .d, netContent: NetContent(unit: .kilogram, quantity: 150))
        case pasta:
            ProductAttributes(
                brand: "Moulins d'Alpes", department: "Épicerie salée", category: "Pâtes", origin: "France",
                ingredients: "Semoule de blé dur", allergens: ["gluten"], nutriScore: .a,
                netContent: NetContent(unit: .kilogram, quantity: 500))
        case darkChocolate:
            ProductAttributes(
                brand: "Cacao & Co", department: "Épicerie sucrée", category: "Chocolat", origin: "Équateur",
                ingredients: "Pâte de cacao, sucre, beurre de cacao", allergens: ["lait", "soja"], nutriScore: .e,
                netContent: NetContent(unit: .kilogram, quantity: 100))
        case milk:
            ProductAttributes(
                brand: "Laiterie du Val", department: "Crèmerie", category: "Lait", origin: "France",
                allergens: ["lait"], nutriScore: .b, netContent: NetContent(unit: .litre, quantity: 1000))
        case butter:
            ProductAttributes(
                brand: "Laiterie du Val", department: "Crèmerie", category: "Beurre", origin: "Bretagne",
                allergens: ["lait"], nutriScore: .e, netContent: NetContent(unit: .kilogram, quantity: 250))
        case sparklingWater:
            ProductAttributes(
                brand: "Source des Puys", department: "Boissons", category: "Eaux", origin: "Auvergne",
                nutriScore: .a, netContent: NetContent(unit: .litre, quantity: 1000))
        case shampoo:
            ProductAttributes(
                brand: "Douceur", department: "Hygiène", category: "Shampooings",
                netContent: NetContent(unit: .litre, quantity: 250))
        case detergent:
            ProductAttributes(
                brand: "Blancheur", department: "Entretien", category: "Lessives",
                netContent: NetContent(unit: .litre, quantity: 2000))
        case tomatoes, bananas, apples:
            ProductAttributes(department: "Fruits et légumes", origin: id == bananas ? "Martinique" : "France", nutriScore: .a)
        default:
            nil
        }
    }

    /// The product with its demo attributes.
    static func withAttributes(_ product: Product) -> Product {
        guard let attributes = attributes(of: product.id) else { return product }
        return Product(
            id: product.id, gtins: product.gtins, itemReference: product.itemReference, name: product.name,
            pricing: product.pricing, vatRate: product.vatRate, minimumAge: product.minimumAge,
            saleStop: product.saleStop, alwaysAudit: product.alwaysAudit, depositProductID: product.depositProductID,
            promotionIDs: product.promotionIDs, attributes: attributes)
    }
}
