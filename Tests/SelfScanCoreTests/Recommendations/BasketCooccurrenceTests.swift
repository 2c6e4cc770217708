import Testing

@testable import SelfScanCore

/// Association rules on a generated basket history whose support and confidence are known by construction.
@Suite struct BasketCooccurrenceTests {
    static let coffee: ProductID = "CAFE"
    static let milk: ProductID = "LAIT"
    static let pasta: ProductID = "PATES"
    static let bread: ProductID = "PAIN"

    /// Basket i holds coffee when i % 4 == 0 (250 of 1000), milk when i % 5 == 0 (200), pasta when even (500),
    /// bread always: coffee ∧ milk in 50 baskets (i % 20 == 0), coffee ∧ pasta in 250.
    static func history(_ range: Range<Int> = 0..<1000) -> [[ProductID]] {
        range.map { i in
            var basket: [ProductID] = [bread]
            if i % 4 == 0 { basket += [coffee, coffee] }  // two units count once
            if i % 5 == 0 { basket.append(milk) }
            if i % 2 == 0 { basket.append(pasta) }
            return basket
        }
    }

    static func counted(_ baskets: [[ProductID]]) -> BasketCooccurrence {
        var counts = BasketCooccurrence()
        for basket in baskets { counts.add(basket: basket) }
        return counts
    }

    @Test func supportAndConfidenceMatchTheConstruction() throws {
        let counts = Self.counted(Self.history())
        #expect(counts.basketCount == 1000)
        let coffeeMilk = try #require(counts.rule(Self.coffee, Self.milk))
        #expect(coffeeMilk.together == 50)
        #expect(coffeeMilk.supportBasisPoints == 500)  // 5 %
        #expect(coffeeMilk.confidenceBasisPoints == 2000)  // 50 of the 250 coffee baskets
        #expect(counts.rule(Self.milk, Self.coffee)?.confidenceBasisPoints == 2500)  // 50 of the 200 milk baskets
        #expect(counts.rule(Self.coffee, Self.pasta)?.confidenceBasisPoints == 10_000)
        #expect(counts.rule(Self.coffee, Self.coffee) == nil)
        #expect(coffeeMilk.explanation(antecedentName: "Café moulu") == "bought together in 20 % of baskets with Café moulu")
    }

    @Test func rulesAreRankedAndFiltered() {
        let counts = Self.counted(Self.history())
        #expect(counts.rules(from: Self.coffee).map(\.consequent) == [Self.bread, Self.pasta, Self.milk])
        #expect(counts.rules(from: Self.coffee, minimumConfidenceBasisPoints: 2500).map(\.consequent) == [Self.bread, Self.pasta])
        #expect(counts.rules(from: Self.coffee, minimumSupportBasisPoints: 600).map(\.consequent) == [Self.bread, Self.pasta])
        #expect(counts.rules(from: Self.coffee, limit: 1).count == 1)
    }

    /// Incremental: adding baskets as they arrive, or merging per-store counts, gives the chain-wide counts.
    @Test func incrementalAndPerStoreCountsAddUpToTheChain() {
        let whole = Self.counted(Self.history())
        var storeA = Self.counted(Self.history(0..<300))
        let storeB = Self.counted(Self.history(300..<1000))
        var incremental = Self.counted(Self.history(0..<300))
        for basket in Self.history(300..<1000) { incremental.add(basket: basket) }
        #expect(incremental == whole)
        storeA.merge(storeB)
        #expect(storeA == whole)
        #expect(storeB.rule(Self.coffee, Self.milk)?.together == 35)  // i in 300..<1000 with i % 20 == 0
    }
}
