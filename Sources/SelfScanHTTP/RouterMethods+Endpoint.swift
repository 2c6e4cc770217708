public import Hummingbird
public import SelfScanAPI

extension RouterMethods {
    /// Registers the handler of a contract endpoint: its method and path come from `SelfScanAPI`, never
    /// from a literal in a route file, so the served routes and the contract cannot drift apart.
    @discardableResult public func on(
        _ endpoint: Endpoint, use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator
    ) -> Self {
        on(RouterPath(endpoint.path), method: endpoint.method.http, use: handler)
    }
}

extension Endpoint.Method {
    /// The HTTPTypes method of this contract method.
    public var http: HTTPRequest.Method {
        switch self {
        case .get: .get
        case .post: .post
        case .put: .put
        case .patch: .patch
        case .delete: .delete
        }
    }
}

extension Endpoint {
    /// Whether a route a router reports (`Router.routes`) is this endpoint. Hummingbird prints captures as
    /// `{name}` or `:name`; both match the contract's `{name}`.
    public func matches(method: HTTPRequest.Method, path: String) -> Bool {
        guard method == self.method.http else { return false }
        let normalised = path.split(separator: "/").map { part in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }
        return normalised == self.path.split(separator: "/").map(String.init)
    }
}
