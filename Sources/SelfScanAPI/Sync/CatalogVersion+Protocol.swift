public import SelfScanCore

extension CatalogVersion {
    /// The strong ETag of this version, quotes included: `"v12"`.
    public var etag: String { "\"v\(rawValue)\"" }

    /// Parses query text such as `since=12`; nil unless a non-negative integer.
    public init?(queryText text: some StringProtocol) {
        guard let value = Int64(text), value >= 0 else { return nil }
        self.init(value)
    }
}

/// Shape rules for identifiers that travel in URLs and tokens.
public enum ProtocolIdentifiers {
    /// A store id: lower-case letters, digits and `-`, 1…64 characters.
    public static func isValidStoreID(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64
            && text.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }

    /// A device id or an ingest item id: printable ASCII without spaces, 1…128 characters.
    public static func isValidKey(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 128 && text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}
