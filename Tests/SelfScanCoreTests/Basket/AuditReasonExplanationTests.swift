import SelfScanCore
import Testing

/// Issue 15: the session view showed audit reasons as Swift dumps (`baseRate(SelfScanCore.StoreRiskLevel.low)`).
@Suite("Audit reasons in plain words")
struct AuditReasonExplanationTests {
    static let reasons: [AuditReason] = [
        .baseRate(.low), .baseRate(.high), .firstTrip, .anonymousCustomer, .voidedLines(count: 2),
        .unknownItems(count: 1), .embeddedPriceLabels(count: 3), .discountStickers(count: 1),
        .failedPastAudits(count: 2), .alwaysAuditProduct(ProductID("WHISKY-12")),
    ]

    @Test(arguments: reasons)
    func readsAsWordsNotSwift(reason: AuditReason) {
        let text = reason.explained(addedBasisPoints: 500)
        #expect(!text.contains("SelfScanCore"))
        #expect(!text.contains("count:"))
        #expect(!text.contains("StoreRiskLevel"))
        #expect(text.hasSuffix("(+5.00 %)"))
        #expect(text != "\(reason)")
    }

    @Test func examples() {
        #expect(AuditReason.baseRate(.low).explained(addedBasisPoints: 500) == "store risk level low: base rate (+5.00 %)")
        #expect(AuditReason.voidedLines(count: 1).explanation == "1 line voided by the shopper")
        #expect(AuditReason.voidedLines(count: 2).explained(addedBasisPoints: 250) == "2 lines voided by the shopper (+2.50 %)")
    }
}
