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

extension Promotion {
    /// Why the offer applies to this shopper, for the kiosk and the receipt (French), without showing a
    /// profile: the eligibility's reason and the context conditions ("offre personnelle : … · avec Machine à café
    /// dans le panier · de 8 h–11 h"); `nil` for an offer open to everyone without conditions.
    public func shopperReason(productName: (ProductID) -> String?) -> String? {
        let parts = [eligibility.shopperReason, conditions?.frenchExplanation(productName: productName)].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }
}
