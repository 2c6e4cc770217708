/// A store of the chain, e.g. `paris-11`. Lower-case letters, digits and `-`, 1…64 characters.
public struct StoreID: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The identifier's text.
    public let rawValue: String

    /// Checks the shape; throws `ProtocolValidationError.invalidStoreID` otherwise.
    public init(_ rawValue: String) throws(ProtocolValidationError) {
        guard StoreID.isValid(rawValue) else { throw .invalidStoreID(rawValue) }
        self.rawValue = rawValue
    }

    /// True when `text` is a usable store identifier.
    public static func isValid(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64
            && text.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }

    public var description: String { rawValue }
    public static func < (lhs: StoreID, rhs: StoreID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try StoreID(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A kiosk, handheld or store box: the holder of one bearer token.
public struct DeviceID: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The identifier's text (1…128 printable ASCII characters).
    public let rawValue: String

    /// Checks the shape; throws `ProtocolValidationError.invalidDeviceID` otherwise.
    public init(_ rawValue: String) throws(ProtocolValidationError) {
        guard !rawValue.isEmpty, rawValue.utf8.count <= 128, rawValue.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { throw .invalidDeviceID(rawValue) }
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try DeviceID(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Shape errors of protocol values, thrown before anything is sent or stored.
public enum ProtocolValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidStoreID(String)
    case invalidDeviceID(String)
    case invalidCatalogVersion(String)

    public var description: String {
        switch self {
        case .invalidStoreID(let text): "invalid store id '\(text)' (lower-case letters, digits, '-'; 1…64)"
        case .invalidDeviceID(let text): "invalid device id '\(text)' (printable ASCII, 1…128)"
        case .invalidCatalogVersion(let text): "invalid catalog version '\(text)'"
        }
    }
}
