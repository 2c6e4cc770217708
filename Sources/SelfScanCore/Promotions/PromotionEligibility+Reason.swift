extension PromotionEligibility {
    /// Why the offer applies to this shopper, for the kiosk (French), without showing a profile:
    /// "offre réservée aux membres Or"; `nil` for an offer open to everyone.
    public var shopperReason: String? {
        switch self {
        case .everyone: nil
        case .loyaltyMembers(let tier):
            tier == .standard ? "offre réservée aux membres du programme de fidélité"
                : "offre réservée aux membres \(tier.frenchName)"
        case .personalOffer: "offre personnelle : vous avez accepté les offres personnalisées"
        }
    }
}
