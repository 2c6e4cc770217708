public import FoundationEssentials

/// Where new UUIDs come from, injected so tests and simulations are reproducible.
public protocol IdentifierSource: Sendable {
    mutating func nextUUID() -> UUID
}

/// Random version-4 UUIDs from the system generator (production).
public struct RandomIdentifierSource: IdentifierSource {
    public init() {}
    public mutating func nextUUID() -> UUID { UUID() }
}

/// Version-4-shaped UUIDs from a seeded generator: the same seed gives the same sequence.
public struct SeededIdentifierSource: IdentifierSource {
    private var generator: SeededGenerator

    public init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    public mutating func nextUUID() -> UUID {
        let high = generator.next()
        let low = generator.next()
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<8 {
            bytes[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(index)))
            bytes[8 + index] = UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(index)))
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        return UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
        ))
    }
}
