public import SelfScanCore

/// Version, content types and limits of protocol version 1, shared by the server and the client (the paths are
/// `ReferentialEndpoints`).
public enum ProtocolRoutes {
    public static let version = "v1"
    /// Content type of catalog streams.
    public static let jsonLinesContentType = "application/x-ndjson"
    /// Largest request body the server reads (1 MiB).
    public static let maxBodyBytes = 1 << 20
}

/// `GET /v1/catalog/version` and `GET /v1/health` answer.
public struct CatalogVersionAnswer: Sendable, Hashable, Codable {
    public var version: CatalogVersion
    public init(version: CatalogVersion) { self.version = version }
}
