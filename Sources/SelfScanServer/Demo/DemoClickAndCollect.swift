import SelfScanDemo
public import SelfScanAPI
public import SelfScanCore
public import SelfScanStorage

/// The demo's click & collect data: two neighbour stores and units on hand of a few notable products in the
/// demo store and its neighbours (what `selfscan demo` seeds in its embedded referential).
public enum DemoClickAndCollect {
    /// The neighbour stores (id, name).
    public static let neighbours: [(id: StoreID, name: String)] = [
        ("FR-0043", "Hypermarché Villeurbanne"),
        ("FR-0044", "Supermarché Lyon Confluence"),
    ]

    /// Units on hand: the earbuds are out of stock here but held next door (reserve there), the coffee is
    /// everywhere (reserve here for pickup), the detergent is short everywhere (order it).
    public static func stockLevels() -> [StockLevel] {
        let here = DemoCatalog.storeID
        let (villeurbanne, confluence) = (neighbours[0].id, neighbours[1].id)
        let table: [(ProductID, [(StoreID, Int64)])] = [
            (DemoCatalog.earbuds, [(here, 0), (villeurbanne, 4), (confluence, 1)]),
            (DemoCatalog.coffee, [(here, 24), (villeurbanne, 12), (confluence, 6)]),
            (DemoCatalog.pasta, [(here, 60), (villeurbanne, 40), (confluence, 0)]),
            (DemoCatalog.detergent, [(here, 1), (villeurbanne, 0), (confluence, 2)]),
            (DemoCatalog.redWine, [(here, 18), (villeurbanne, 30), (confluence, 9)]),
            // Shelf pages: plain crisps out of stock here, the paprika ones (their substitute) on the shelf.
            (DemoCatalog.crispsPlain, [(here, 0), (villeurbanne, 8), (confluence, 3)]),
            (DemoCatalog.crispsPaprika, [(here, 15), (villeurbanne, 10), (confluence, 4)]),
            (DemoCatalog.yogurt, [(here, 32), (villeurbanne, 20), (confluence, 12)]),
        ]
        return table.flatMap { product, levels in
            levels.map { StockLevel(productID: product, storeID: $0.0, quantity: $0.1) }
        }
    }
}
