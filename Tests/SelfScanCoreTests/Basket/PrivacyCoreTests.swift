import Foundation
import Testing
@testable import SelfScanCore

/// Issue 22 in the core: the customer's wire form carries a risk band (never counts), consent gates personal
/// offers, and the kiosk's reason text names the tier without a profile.
@Suite struct PrivacyCoreTests {
    @Test(arguments: [
        (0, 0, AuditRiskBand.newCustomer), (5, 0, .low), (5, 1, .elevated), (9, 2, .high), (0, 7, .high),
    ])
    func bandFromCounts(trips: Int, failed: Int, band: AuditRiskBand) {
        #expect(AuditRiskBand(completedTrips: trips, failedAudits: failed) == band)
    }

    @Test func aV1CustomerReadsAsABandAndIsWrittenWithoutCountsOrCards() throws {
        let v1 = #"{"id":"C1","cardCodes":["0420000012345"],"tier":1,"personalOffers":[],"completedTrips":3,"failedAudits":1}"#
        let customer = try JSONDecoder().decode(LoyaltyCustomer.self, from: Data(v1.utf8))
        #expect(customer.auditRisk == .elevated && customer.tier == .silver && customer.personalOffersConsent)
        let published = customer.replacingCards(with: [LoyaltyCardHash(keyID: "k-1", hash: String(repeating: "a", count: 64))])
        let text = String(decoding: try JSONEncoder().encode(published), as: UTF8.self)
        for absent in ["0420000012345", "cardCodes", "failedAudits", "completedTrips"] { #expect(!text.contains(absent)) }
        #expect(try JSONDecoder().decode(LoyaltyCustomer.self, from: Data(text.utf8)) == published)
    }

    @Test func personalOffersNeedConsent() {
        let offer = Promotion(id: "P-OFF", name: "Offre", kind: .percentOff(basisPoints: 1000), eligibility: .personalOffer)
        let consenting = LoyaltyCustomer(id: "C1", tier: .gold, personalOffers: ["P-OFF"], personalOffersConsent: true)
        let refusing = consenting.withPersonalOffersConsent(false)
        #expect(PromotionEngine.isEligible(offer, customer: consenting))
        #expect(!PromotionEngine.isEligible(offer, customer: refusing))
        #expect(refusing.usablePersonalOffers.isEmpty)
    }

    @Test func theKioskSaysWhyWithoutAProfile() {
        #expect(PromotionEligibility.loyaltyMembers(minimumTier: .gold).shopperReason == "offre réservée aux membres Or")
        #expect(PromotionEligibility.loyaltyMembers(minimumTier: .silver).shopperReason == "offre réservée aux membres Argent")
        #expect(PromotionEligibility.everyone.shopperReason == nil)
        #expect(PromotionEligibility.personalOffer.shopperReason?.hasPrefix("offre personnelle") == true)
    }

    @Test func anUnknownCardErrorShowsOnlyItsLastFourDigits() {
        let error = BasketError.unknownLoyaltyCard("0420000012345")
        #expect(!error.description.contains("0420000012345"))
        #expect(error.description.contains("2345"))
    }
}
