/// The Nutri-Score grade of a food product (French front-of-pack label, A best … E worst).
public enum NutriScore: String, Sendable, Hashable, Codable, CaseIterable {
    case a = "A"
    case b = "B"
    case c = "C"
    case d = "D"
    case e = "E"
}

/// The unit a unit price is shown in on a shelf label ("prix au kilo", "prix au litre").
public enum MeasureUnit: String, Sendable, Hashable, Codable, CaseIterable {
    /// Net content in grams, unit price per kilogram.
    case kilogram = "kg"
    /// Net content in millilitres, unit price per litre.
    case litre = "l"
}

/// The net content of one sold unit, for the unit price French law requires on shelf labels.
public struct NetContent: Sendable, Hashable, Codable {
    public let unit: MeasureUnit
    /// Grams (`kg`) or millilitres (`l`) in one unit; more than zero.
    public let quantity: Int64

    public init(unit: MeasureUnit, quantity: Int64) {
        self.unit = unit
        self.quantity = quantity
    }

    /// The price per kilogram or litre of a unit sold at `price`, rounded half up to the minor unit; `nil`
    /// when the quantity is not positive or the arithmetic would overflow.
    public func unitPrice(of price: Money) -> Money? {
        guard quantity > 0 else { return nil }
        let (scaled, overflow) = price.minor.multipliedReportingOverflow(by: 1000)
        guard !overflow else { return nil }
        let rounded = (scaled + quantity / 2) / quantity
        return Money(minor: rounded, currency: price.currency)
    }
}

/// Explicit links between products from the catalog (the chain's merchandisers).
public struct ProductLinks: Sendable, Hashable, Codable {
    /// Products that go with this one ("with the pasta: parmesan").
    public let complements: [ProductID]
    /// Products that can replace this one when it is out of stock.
    public let substitutes: [ProductID]

    public init(complements: [ProductID] = [], substitutes: [ProductID] = []) {
        self.complements = complements
        self.substitutes = substitutes
    }

    public var isEmpty: Bool { complements.isEmpty && substitutes.isEmpty }
}

/// What a shopper reads about a product beyond its name and price: shelf pages and labels show these.
/// Every field is optional; a chain's PIM fills what it knows.
public struct ProductAttributes: Sendable, Hashable, Codable {
    public let brand: String?
    /// The store department ("Crèmerie", "Épicerie salée"): labels are printed per department.
    public let department: String?
    /// The product category within the department ("Yaourts nature"): substitutes share it.
    public let category: String?
    public let description: String?
    /// Country or region of origin, as printed ("France", "Bretagne").
    public let origin: String?
    /// The ingredient list as printed on the pack.
    public let ingredients: String?
    /// The allergens it contains (EU INCO list names, e.g. "lait", "gluten").
    public let allergens: [String]
    public let nutriScore: NutriScore?
    /// An image: an absolute `https://` URL or a file name relative to the catalog's image directory.
    public let image: String?
    /// Net content of one unit, for the unit price per kg or per litre.
    public let netContent: NetContent?
    public let links: ProductLinks

    public init(
        brand: String? = nil, department: String? = nil, category: String? = nil, description: String? = nil,
        origin: String? = nil, ingredients: String? = nil, allergens: [String] = [], nutriScore: NutriScore? = nil,
        image: String? = nil, netContent: NetContent? = nil, links: ProductLinks = ProductLinks()
    ) {
        self.brand = brand
        self.department = department
        self.category = category
        self.description = description
        self.origin = origin
        self.ingredients = ingredients
        self.allergens = allergens
        self.nutriScore = nutriScore
        self.image = image
        self.netContent = netContent
        self.links = links
    }

    /// No attribute at all (a v1 product).
    public static let none = ProductAttributes()

    public var isEmpty: Bool { self == .none }
}
