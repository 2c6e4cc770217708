import Foundation
import Testing

@testable import SelfScanCore

/// The one suggestion after a scan, and substitutes ranked by category and unit price (issue 18 #3).
@Suite struct SuggestionPickerTests {
    static func together(_ id: ProductID, _ count: Int64, confidence: Int) -> ProductSuggestion {
        ProductSuggestion(
            productID: id, reason: .boughtTogether, together: count, supportBasisPoints: 100, confidenceBasisPoints: confidence)
    }

    @Test func storeFirstSkipsTheBasketTheUnsellableAndWeakRules() {
        let store = ProductSuggestions(
            productID: "LAIT", storeID: "S1", basketCount: 55,
            complements: [Self.together("PAIN", 15, confidence: 6000), Self.together("BEURRE", 15, confidence: 6000),
                          Self.together("RARE", 2, confidence: 9000)], substitutes: [])
        let chain = ProductSuggestions(
            productID: "LAIT", storeID: nil, basketCount: 900,
            complements: [Self.together("CAFE", 300, confidence: 900), Self.together("OEUFS", 200, confidence: 2000)],
            substitutes: [])
        let first = SuggestionPicker.complement(
            after: "LAIT", storeRecord: store, chainRecord: chain, basket: ["LAIT"], isSellable: { _ in true })
        #expect(first?.productID == "PAIN")
        #expect(first?.explanation(antecedentName: "Lait") == "bought together in 60 % of baskets with Lait")
        let next = SuggestionPicker.complement(
            after: "LAIT", storeRecord: store, chainRecord: chain, basket: ["LAIT", "PAIN"], isSellable: { $0 != "BEURRE" })
        // BEURRE is not sellable, RARE is below 3 baskets, CAFE below 10 %: the chain's OEUFS.
        #expect(next?.productID == "OEUFS")
        let none = SuggestionPicker.complement(
            after: "LAIT", storeRecord: store, chainRecord: nil, basket: ["LAIT", "PAIN", "BEURRE"], isSellable: { _ in true })
        #expect(none == nil)
    }

    @Test func substitutesAreSameCategoryCloseUnitPriceInStockExplicitLinksFirst() {
        func pasta(_ id: ProductID, _ minor: Int64, grams: Int64, category: String = "Pâtes", links: [ProductID] = [])
            -> Product
        {
            Product(
                id: id, name: id.rawValue, pricing: .unit(Money(minor: minor, currency: .eur)), vatRate: .frReduced,
                attributes: ProductAttributes(
                    department: "Épicerie", category: category, netContent: NetContent(unit: .kilogram, quantity: grams),
                    links: ProductLinks(substitutes: links)))
        }
        let reference = pasta("P500", 100, grams: 500, links: ["LINKED"])  // 2.00 €/kg
        let candidates = [
            pasta("P1KG", 190, grams: 1000),  // 1.90 €/kg: closest
            pasta("P250", 60, grams: 250),  // 2.40 €/kg
            pasta("LUXE", 300, grams: 500),  // 6.00 €/kg: beyond 30 %
            pasta("RIZ", 200, grams: 1000, category: "Riz"),  // other category
            pasta("LINKED", 900, grams: 100, category: "Autre"),  // explicit link: any category, any price
            pasta("EMPTY", 100, grams: 500),  // out of stock
        ]
        let ranked = SubstituteRanking.rank(reference, candidates: candidates, inStock: { $0 != "EMPTY" })
        #expect(ranked.map(\.productID) == ["LINKED", "P1KG", "P250"])
        #expect(ranked.map(\.reason) == [.catalogLink, .sameCategory, .sameCategory])
    }

    @Test func theRecordTravelsAsPlainJSON() throws {
        let record = ProductSuggestions(
            productID: "LAIT", storeID: "S1", basketCount: 55, complements: [Self.together("PAIN", 15, confidence: 6000)],
            substitutes: [ProductSuggestion(productID: "LAIT-BIO", reason: .sameCategory)])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(record), as: UTF8.self)
        #expect(
            text == #"{"basketCount":55,"complements":[{"confidenceBasisPoints":6000,"productID":"PAIN","reason":"boughtTogether","supportBasisPoints":100,"together":15}],"productID":"LAIT","storeID":"S1","substitutes":[{"productID":"LAIT-BIO","reason":"sameCategory"}]}"#)
        #expect(try JSONDecoder().decode(ProductSuggestions.self, from: Data(text.utf8)) == record)
        #expect(record.key == "LAIT@S1")
    }
}
