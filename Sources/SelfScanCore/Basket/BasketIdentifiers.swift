public import FoundationEssentials

/// An identifier made of a device-generated UUID, encoded as its canonical upper-case string.
/// Storage and sync key rows on it, and the referential applies them idempotently.
public protocol UUIDIdentifier: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    var uuid: UUID { get }
    init(uuid: UUID)
}

extension UUIDIdentifier {
    /// Parses the canonical string form; `nil` when it is not a UUID.
    public init?(uuidString: String) {
        guard let uuid = UUID(uuidString: uuidString) else { return nil }
        self.init(uuid: uuid)
    }

    public var uuidString: String { Hex.uuidUppercase(uuid) }
    public var description: String { uuidString }
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.orderKey == rhs.orderKey }

    /// Hashes the 16 bytes as two integers (faster than hashing the bytes one by one).
    public func hash(into hasher: inout Hasher) {
        let key = orderKey
        hasher.combine(key.high)
        hasher.combine(key.low)
    }

    /// Byte order (the same order as the canonical strings), without building strings.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.orderKey < rhs.orderKey }

    /// The UUID's 16 bytes as two big-endian integers.
    var orderKey: UUIDOrderKey {
        withUnsafeBytes(of: uuid.uuid) { bytes in
            var high: UInt64 = 0
            var low: UInt64 = 0
            for index in 0..<8 {
                high = high << 8 | UInt64(bytes[index])
                low = low << 8 | UInt64(bytes[8 + index])
            }
            return UUIDOrderKey(high: high, low: low)
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init(uuid: try decoder.singleValueContainer().decode(UUID.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(uuid)
    }
}

/// One self-scan session (one customer trip with one basket).
public struct SessionID: UUIDIdentifier {
    public let uuid: UUID
    public init(uuid: UUID) { self.uuid = uuid }
}

/// One basket line (never reused, also after a void).
public struct LineID: UUIDIdentifier {
    public let uuid: UUID
    public init(uuid: UUID) { self.uuid = uuid }
}

/// One basket event (the idempotency key of sync).
public struct EventID: UUIDIdentifier {
    public let uuid: UUID
    public init(uuid: UUID) { self.uuid = uuid }
}

/// A UUID as two integers, compared high first.
struct UUIDOrderKey: Comparable {
    let high: UInt64
    let low: UInt64
    static func < (lhs: Self, rhs: Self) -> Bool { (lhs.high, lhs.low) < (rhs.high, rhs.low) }
}
