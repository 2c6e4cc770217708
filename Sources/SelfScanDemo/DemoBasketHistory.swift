public import SelfScanCore

/// A small, fixed basket history for the demo store, so "often bought with" has something to say from the first
/// scan (`selfscan demo` ingests it at the embedded referential and publishes the suggestions). Known figures:
/// 55 baskets; milk in 25, milk with baguette in 15 (60 %), milk with butter in 15, milk with coffee in 10;
/// coffee in 15.
public enum DemoBasketHistory {
    /// Each entry: how many baskets held exactly these products.
    public static let groups: [(count: Int, products: [ProductID])] = [
        (15, [DemoCatalog.milk, DemoCatalog.baguette, DemoCatalog.butter]),
        (10, [DemoCatalog.coffee, DemoCatalog.milk]),
        (5, [DemoCatalog.coffee, DemoCatalog.darkChocolate]),
        (8, [DemoCatalog.pasta, DemoCatalog.comte]),
        (6, [DemoCatalog.tomatoes, DemoCatalog.pasta, DemoCatalog.comte]),
        (6, [DemoCatalog.crispsPlain, DemoCatalog.sparklingWater]),
        (5, [DemoCatalog.yogurt, DemoCatalog.baguette]),
    ]

    /// The baskets, one product list each, in a fixed order.
    public static func baskets() -> [[ProductID]] {
        groups.flatMap { group in Array(repeating: group.products, count: group.count) }
    }
}
