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

    public var uuidString: String { uuid.uuidString }
    public var description: String { uuid.uuidString }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.uuid.uuidString < rhs.uuid.uuidString }

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
