import SelfScanCore

/// One HTTP endpoint of the contract: a method and an OpenAPI path template (`/v1/sessions/{id}/scans`).
/// The servers register exactly the endpoints of their table, the clients build their URLs from it, and the
/// OpenAPI documents list the same set: tests check all three against `DaemonEndpoints.all` and
/// `ReferentialEndpoints.all`.
public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    public enum Method: String, Sendable, Hashable, CaseIterable {
        case get = "GET", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE"
    }

    public let method: Method
    /// OpenAPI path template, absolute, parameters in braces.
    public let path: String

    public init(_ method: Method, _ path: String) {
        precondition(path.hasPrefix("/"), "an endpoint path is absolute: \(path)")
        self.method = method
        self.path = path
    }

    public var description: String { "\(method.rawValue) \(path)" }

    /// The names of the path's parameters, in order (`["id", "line"]`).
    public var parameters: [String] {
        path.split(separator: "/").compactMap { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? String(part.dropFirst().dropLast()) : nil
        }
    }

    /// The path with its parameters filled in order, each percent-encoded as a path segment.
    /// `Endpoint(.get, "/v1/sessions/{id}").url("A B")` → `/v1/sessions/A%20B`.
    public func url(_ values: String...) -> String { url(values) }

    /// `url(_:)` with the values as an array.
    public func url(_ values: [String]) -> String {
        precondition(values.count == parameters.count, "\(self) takes \(parameters.count) parameters")
        var remaining = values[...]
        return path.split(separator: "/", omittingEmptySubsequences: false).map { part -> String in
            guard part.hasPrefix("{"), part.hasSuffix("}"), let value = remaining.popFirst() else { return String(part) }
            return Self.encodeSegment(value)
        }.joined(separator: "/")
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters.
    static func encodeSegment(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + Hex.lowercase([byte]).uppercased()
            }
        }
        return out
    }
}
