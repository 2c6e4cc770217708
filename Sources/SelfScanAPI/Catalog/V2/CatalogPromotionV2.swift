public import SelfScanCore

/// A promotion as catalog format v2 writes it: `{"id","name","offer":{"kind":…},"eligibility":{"kind":…},
/// "validFrom","validUntil"}` — every variant a tagged object with named fields, instants in ISO 8601.
public struct CatalogPromotionV2: Sendable, Hashable, Codable {
    public let promotion: Promotion

    public init(_ promotion: Promotion) { self.promotion = promotion }

    private enum CodingKeys: String, CodingKey { case id, name, offer, eligibility, validFrom, validUntil, conditions }
    private enum OfferKeys: String, CodingKey {
        case kind, quantity, bundlePrice, basisPoints, unitPrice, minimum, reward, code, scope, minimumBasket
    }
    private enum TaggedKeys: String, CodingKey { case kind, amount, items, basisPoints, minimumTier }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let offer = try c.nestedContainer(keyedBy: OfferKeys.self, forKey: .offer)
        let kind: PromotionKind
        switch try offer.decode(String.self, forKey: .kind) {
        case "nForPrice":
            kind = .nForPrice(
                quantity: try offer.decode(Int.self, forKey: .quantity),
                price: try Self.bundle(offer.nestedContainer(keyedBy: TaggedKeys.self, forKey: .bundlePrice)))
        case "mixAndMatch":
            kind = .mixAndMatch(
                quantity: try offer.decode(Int.self, forKey: .quantity),
                price: try Self.bundle(offer.nestedContainer(keyedBy: TaggedKeys.self, forKey: .bundlePrice)))
        case "percentOff": kind = .percentOff(basisPoints: try offer.decode(Int.self, forKey: .basisPoints))
        case "secondItemPercentOff":
            kind = .secondItemPercentOff(basisPoints: try offer.decode(Int.self, forKey: .basisPoints))
        case "loyaltyPrice": kind = .loyaltyPrice(unitPrice: try offer.decode(Money.self, forKey: .unitPrice))
        case "basketThreshold":
            kind = .basketThreshold(
                minimum: try offer.decode(Money.self, forKey: .minimum),
                reward: try Self.reward(offer.nestedContainer(keyedBy: TaggedKeys.self, forKey: .reward)))
        case "coupon":
            kind = .coupon(
                code: try offer.decode(String.self, forKey: .code),
                reward: try Self.reward(offer.nestedContainer(keyedBy: TaggedKeys.self, forKey: .reward)),
                scope: try offer.decode(CouponScope.self, forKey: .scope),
                minimumBasket: try offer.decodeIfPresent(Money.self, forKey: .minimumBasket))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: offer,
                debugDescription: "offer kind '\(other)' is not one of nForPrice, mixAndMatch, percentOff, "
                    + "secondItemPercentOff, loyaltyPrice, basketThreshold, coupon")
        }
        let eligibility: PromotionEligibility
        if c.contains(.eligibility) {
            let e = try c.nestedContainer(keyedBy: TaggedKeys.self, forKey: .eligibility)
            switch try e.decode(String.self, forKey: .kind) {
            case "everyone": eligibility = .everyone
            case "personalOffer": eligibility = .personalOffer
            case "loyaltyMembers":
                eligibility = .loyaltyMembers(
                    minimumTier: try e.decodeIfPresent(LoyaltyTier.self, forKey: .minimumTier) ?? .standard)
            case let other:
                throw DecodingError.dataCorruptedError(
                    forKey: .kind, in: e,
                    debugDescription: "eligibility kind '\(other)' is not one of everyone, loyaltyMembers, personalOffer")
            }
        } else {
            eligibility = .everyone
        }
        promotion = Promotion(
            id: try c.decode(PromotionID.self, forKey: .id), name: try c.decode(String.self, forKey: .name),
            kind: kind, eligibility: eligibility,
            validity: PromotionValidity(
                start: try Self.instant(c, .validFrom), end: try Self.instant(c, .validUntil)),
            conditions: try c.decodeIfPresent(PromotionConditions.self, forKey: .conditions))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(promotion.id, forKey: .id)
        try c.encode(promotion.name, forKey: .name)
        var offer = c.nestedContainer(keyedBy: OfferKeys.self, forKey: .offer)
        try offer.encode(promotion.kind.name, forKey: .kind)
        switch promotion.kind {
        case .nForPrice(let quantity, let price), .mixAndMatch(let quantity, let price):
            try offer.encode(quantity, forKey: .quantity)
            var bundle = offer.nestedContainer(keyedBy: TaggedKeys.self, forKey: .bundlePrice)
            switch price {
            case .amount(let money):
                try bundle.encode("amount", forKey: .kind)
                try bundle.encode(money, forKey: .amount)
            case .itemsPaid(let items):
                try bundle.encode("itemsPaid", forKey: .kind)
                try bundle.encode(items, forKey: .items)
            }
        case .percentOff(let basisPoints), .secondItemPercentOff(let basisPoints):
            try offer.encode(basisPoints, forKey: .basisPoints)
        case .loyaltyPrice(let unitPrice):
            try offer.encode(unitPrice, forKey: .unitPrice)
        case .basketThreshold(let minimum, let reward):
            try offer.encode(minimum, forKey: .minimum)
            try Self.encode(reward, into: offer.nestedContainer(keyedBy: TaggedKeys.self, forKey: .reward))
        case .coupon(let code, let reward, let scope, let minimumBasket):
            try offer.encode(code, forKey: .code)
            try Self.encode(reward, into: offer.nestedContainer(keyedBy: TaggedKeys.self, forKey: .reward))
            try offer.encode(scope, forKey: .scope)
            try offer.encodeIfPresent(minimumBasket, forKey: .minimumBasket)
        }
        var e = c.nestedContainer(keyedBy: TaggedKeys.self, forKey: .eligibility)
        switch promotion.eligibility {
        case .everyone: try e.encode("everyone", forKey: .kind)
        case .personalOffer: try e.encode("personalOffer", forKey: .kind)
        case .loyaltyMembers(let tier):
            try e.encode("loyaltyMembers", forKey: .kind)
            try e.encode(tier, forKey: .minimumTier)
        }
        try c.encodeIfPresent(promotion.validity.start.map(ISO8601Instant.text), forKey: .validFrom)
        try c.encodeIfPresent(promotion.validity.end.map(ISO8601Instant.text), forKey: .validUntil)
        try c.encodeIfPresent(promotion.conditions, forKey: .conditions)
    }

    private static func bundle(_ c: KeyedDecodingContainer<TaggedKeys>) throws -> BundlePrice {
        switch try c.decode(String.self, forKey: .kind) {
        case "amount": return .amount(try c.decode(Money.self, forKey: .amount))
        case "itemsPaid": return .itemsPaid(try c.decode(Int.self, forKey: .items))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: c, debugDescription: "bundle price kind '\(other)' is not one of amount, itemsPaid")
        }
    }

    private static func reward(_ c: KeyedDecodingContainer<TaggedKeys>) throws -> PromotionReward {
        switch try c.decode(String.self, forKey: .kind) {
        case "amountOff": return .amountOff(try c.decode(Money.self, forKey: .amount))
        case "percentOff": return .percentOff(basisPoints: try c.decode(Int.self, forKey: .basisPoints))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: c, debugDescription: "reward kind '\(other)' is not one of amountOff, percentOff")
        }
    }

    private static func encode(_ reward: PromotionReward, into container: KeyedEncodingContainer<TaggedKeys>) throws {
        var c = container
        switch reward {
        case .amountOff(let money):
            try c.encode("amountOff", forKey: .kind)
            try c.encode(money, forKey: .amount)
        case .percentOff(let basisPoints):
            try c.encode("percentOff", forKey: .kind)
            try c.encode(basisPoints, forKey: .basisPoints)
        }
    }

    private static func instant(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Instant? {
        guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let instant = ISO8601Instant.instant(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: c, debugDescription: "'\(text)' is not an ISO 8601 instant (2026-12-01T00:00:00Z)")
        }
        return instant
    }
}
