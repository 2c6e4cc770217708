/// A daily time window in a store's local time: `[startMinute, endMinute)` minutes after midnight (an end before
/// the start crosses midnight), on some ISO weekdays (1 Monday … 7 Sunday; empty: every day). The offset from
/// UTC is part of the window (the referential writes the store's offset for the offer's dates), so the core
/// needs no time-zone database.
public struct DailyTimeWindow: Sendable, Hashable, Codable {
    public let startMinute: Int
    public let endMinute: Int
    public let weekdays: [Int]
    public let utcOffsetMinutes: Int

    public init(startMinute: Int, endMinute: Int, weekdays: [Int] = [], utcOffsetMinutes: Int = 0) {
        self.startMinute = startMinute
        self.endMinute = endMinute
        self.weekdays = weekdays
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    /// Whether the instant falls in the window.
    public func contains(_ instant: Instant) -> Bool {
        let localMinutes = Self.floorDivide(instant.nanosecondsSinceEpoch, 60_000_000_000) + Int64(utcOffsetMinutes)
        let minuteOfDay = Int(Self.floorModulo(localMinutes, 1440))
        let day = Self.floorDivide(localMinutes, 1440)
        // 1970-01-01 was a Thursday (ISO 4).
        let weekday = Int(Self.floorModulo(day + 3, 7)) + 1
        let inHours =
            startMinute <= endMinute
            ? (minuteOfDay >= startMinute && minuteOfDay < endMinute)
            : (minuteOfDay >= startMinute || minuteOfDay < endMinute)
        guard inHours else { return false }
        if weekdays.isEmpty { return true }
        // A window crossing midnight belongs to the day it started.
        let startDay = startMinute > endMinute && minuteOfDay < endMinute ? (weekday + 5) % 7 + 1 : weekday
        return weekdays.contains(startDay)
    }

    /// "8 h–11 h" (French shelf style).
    public var frenchText: String {
        func time(_ minute: Int) -> String {
            let hours = minute / 60
            let minutes = minute % 60
            return minutes == 0 ? "\(hours) h" : "\(hours) h \(minutes < 10 ? "0" : "")\(minutes)"
        }
        return "\(time(startMinute))–\(time(endMinute))"
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
    static func floorModulo(_ a: Int64, _ b: Int64) -> Int64 { a - floorDivide(a, b) * b }
}

/// The basket must hold at least `minimumQuantity` units (a weighed line counts as one) of the listed products.
public struct BasketRequirement: Sendable, Hashable, Codable {
    public let anyOf: [ProductID]
    public let minimumQuantity: Int

    public init(anyOf: [ProductID], minimumQuantity: Int = 1) {
        self.anyOf = anyOf
        self.minimumQuantity = minimumQuantity
    }

    public func isMet(by lines: [BasketLine]) -> Bool {
        let products = Set(anyOf)
        let units = lines.filter { products.contains($0.productID) }.reduce(0) { $0 + max(1, $1.quantity) }
        return units >= minimumQuantity
    }
}

/// When a promotion (typically a personal offer) applies beyond its validity period: in some stores, at some
/// hours, with some products in the basket. Every listed condition must hold; an empty list does not restrict.
/// Evaluated by `PromotionEngine` like eligibility (pure: the store, the clock and the basket are inputs).
public struct PromotionConditions: Sendable, Hashable, Codable {
    /// Only in these stores (empty: every store).
    public let stores: [StoreID]
    /// Only during one of these windows (empty: at any time of the validity period).
    public let timeWindows: [DailyTimeWindow]
    /// Every requirement must be met by the basket's item lines.
    public let basketRequirements: [BasketRequirement]

    public init(stores: [StoreID] = [], timeWindows: [DailyTimeWindow] = [], basketRequirements: [BasketRequirement] = []) {
        self.stores = stores
        self.timeWindows = timeWindows
        self.basketRequirements = basketRequirements
    }

    public var isEmpty: Bool { stores.isEmpty && timeWindows.isEmpty && basketRequirements.isEmpty }

    /// Whether the conditions hold for `lines` in `store` at `instant` (an unknown store never meets a store
    /// condition).
    public func areMet(store: StoreID?, at instant: Instant, lines: [BasketLine]) -> Bool {
        if !stores.isEmpty {
            guard let store, stores.contains(store) else { return false }
        }
        if !timeWindows.isEmpty, !timeWindows.contains(where: { $0.contains(instant) }) { return false }
        return basketRequirements.allSatisfy { $0.isMet(by: lines) }
    }

    /// Why it applies, for the receipt (French): "avec Machine à café dans le panier · 8 h–11 h · dans ce magasin".
    public func frenchExplanation(productName: (ProductID) -> String?) -> String? {
        var parts: [String] = []
        for requirement in basketRequirements {
            let names = requirement.anyOf.compactMap(productName)
            guard !names.isEmpty else { continue }
            let quantity = requirement.minimumQuantity > 1 ? "\(requirement.minimumQuantity) × " : ""
            parts.append("avec \(quantity)\(names.joined(separator: " ou ")) dans le panier")
        }
        if !timeWindows.isEmpty { parts.append("de " + timeWindows.map(\.frenchText).joined(separator: ", ")) }
        if !stores.isEmpty { parts.append("dans ce magasin") }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }
}

// Integrators write these by hand (catalog format v2): every list and default may be left out.
extension PromotionConditions {
    enum CodingKeys: String, CodingKey { case stores, timeWindows, basketRequirements }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            stores: try c.decodeIfPresent([StoreID].self, forKey: .stores) ?? [],
            timeWindows: try c.decodeIfPresent([DailyTimeWindow].self, forKey: .timeWindows) ?? [],
            basketRequirements: try c.decodeIfPresent([BasketRequirement].self, forKey: .basketRequirements) ?? [])
    }
}

extension DailyTimeWindow {
    enum CodingKeys: String, CodingKey { case startMinute, endMinute, weekdays, utcOffsetMinutes }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            startMinute: try c.decode(Int.self, forKey: .startMinute), endMinute: try c.decode(Int.self, forKey: .endMinute),
            weekdays: try c.decodeIfPresent([Int].self, forKey: .weekdays) ?? [],
            utcOffsetMinutes: try c.decodeIfPresent(Int.self, forKey: .utcOffsetMinutes) ?? 0)
    }
}

extension BasketRequirement {
    enum CodingKeys: String, CodingKey { case anyOf, minimumQuantity }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            anyOf: try c.decode([ProductID].self, forKey: .anyOf),
            minimumQuantity: try c.decodeIfPresent(Int.self, forKey: .minimumQuantity) ?? 1)
    }
}
