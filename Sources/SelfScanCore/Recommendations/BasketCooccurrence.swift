/// "Often bought with": co-occurrence counts over baskets, kept incrementally (add each closed basket once),
/// and the association rules they give, with support and confidence in basis points (integers: explainable,
/// reproducible, no floating point). One instance per scope (a store, or the chain).
///
/// For a rule *A → B*: support = baskets holding both ÷ all baskets; confidence = baskets holding both ÷
/// baskets holding A ("bought together in 23 % of baskets with A" is the confidence).
public struct BasketCooccurrence: Sendable, Hashable, Codable {
    /// Baskets counted.
    public private(set) var basketCount: Int64 = 0
    /// Baskets holding each product.
    public private(set) var productCounts: [ProductID: Int64] = [:]
    /// Baskets holding both products of each unordered pair (key: the pair in id order).
    public private(set) var pairCounts: [ProductPair: Int64] = [:]

    /// An unordered pair of distinct products (stored in id order).
    public struct ProductPair: Sendable, Hashable, Codable {
        public let first: ProductID
        public let second: ProductID

        public init(_ a: ProductID, _ b: ProductID) {
            (first, second) = a.rawValue <= b.rawValue ? (a, b) : (b, a)
        }
    }

    /// One rule *antecedent → consequent*.
    public struct Rule: Sendable, Hashable, Codable {
        public let antecedent: ProductID
        public let consequent: ProductID
        /// Baskets holding both.
        public let together: Int64
        /// `together` ÷ all baskets, in basis points (rounded down).
        public let supportBasisPoints: Int
        /// `together` ÷ baskets holding the antecedent, in basis points (rounded down).
        public let confidenceBasisPoints: Int

        /// "bought together in 23 % of baskets with Café moulu 250 g".
        public func explanation(antecedentName: String) -> String {
            "bought together in \(confidenceBasisPoints / 100) % of baskets with \(antecedentName)"
        }
    }

    public init() {}

    /// Counts one basket (its distinct products; quantities do not matter).
    public mutating func add(basket products: some Sequence<ProductID>) {
        let distinct = Array(Set(products)).sorted { $0.rawValue < $1.rawValue }
        basketCount += 1
        for product in distinct { productCounts[product, default: 0] += 1 }
        for i in distinct.indices {
            for j in distinct.indices where j > i {
                pairCounts[ProductPair(distinct[i], distinct[j]), default: 0] += 1
            }
        }
    }

    /// Adds another scope's counts (the chain-wide counts are the sum of the stores').
    public mutating func merge(_ other: BasketCooccurrence) {
        basketCount += other.basketCount
        for (product, count) in other.productCounts { productCounts[product, default: 0] += count }
        for (pair, count) in other.pairCounts { pairCounts[pair, default: 0] += count }
    }

    /// The rule *antecedent → consequent*, or `nil` when they were never bought together.
    public func rule(_ antecedent: ProductID, _ consequent: ProductID) -> Rule? {
        guard antecedent != consequent, let together = pairCounts[ProductPair(antecedent, consequent)], together > 0,
            let base = productCounts[antecedent], base > 0, basketCount > 0
        else { return nil }
        return Rule(
            antecedent: antecedent, consequent: consequent, together: together,
            supportBasisPoints: Int(together * 10_000 / basketCount),
            confidenceBasisPoints: Int(together * 10_000 / base))
    }

    /// The rules from `antecedent` meeting both thresholds, best confidence first (then support, then id).
    public func rules(
        from antecedent: ProductID, minimumSupportBasisPoints: Int = 0, minimumConfidenceBasisPoints: Int = 0,
        limit: Int = 5
    ) -> [Rule] {
        var found: [Rule] = []
        for pair in pairCounts.keys where pair.first == antecedent || pair.second == antecedent {
            let consequent = pair.first == antecedent ? pair.second : pair.first
            guard let rule = rule(antecedent, consequent), rule.supportBasisPoints >= minimumSupportBasisPoints,
                rule.confidenceBasisPoints >= minimumConfidenceBasisPoints
            else { continue }
            found.append(rule)
        }
        found.sort {
            ($0.confidenceBasisPoints, $0.supportBasisPoints, $1.consequent.rawValue)
                > ($1.confidenceBasisPoints, $1.supportBasisPoints, $0.consequent.rawValue)
        }
        return Array(found.prefix(limit))
    }
}

extension BasketCooccurrence {
    /// Counts kept elsewhere (the referential's tables), to compute rules from them the same way.
    public init(basketCount: Int64, productCounts: [ProductID: Int64], pairCounts: [ProductPair: Int64]) {
        self.basketCount = basketCount
        self.productCounts = productCounts
        self.pairCounts = pairCounts
    }
}
