/// Where the referential keeps its data, parsed from `--db`: `sqlite:PATH` (or a bare path) or
/// `postgres://user[:password]@host[:port]/database[?schema=NAME]`.
public enum DatabaseLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// Parses the `--db` text; throws `ReferentialError.invalidDatabaseURL`.
    public init(_ text: String) throws(ReferentialError) {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(try PostgresLocation(url: text))
        } else if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw ReferentialError(.invalidDatabaseURL, "sqlite: needs a path") }
            self = .sqlite(path: path)
        } else if !text.isEmpty, !text.contains("://") {
            self = .sqlite(path: text)
        } else {
            throw ReferentialError(.invalidDatabaseURL, "expected sqlite:PATH or postgres://…, got \(text)")
        }
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let location): location.description
        }
    }
}

/// A PostgreSQL connection target. `schema` (from `?schema=`) isolates a deployment or a test in one database.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var schema: String?
    /// The node's pool of database connections (`?connections=N`, 1…1000; default 16): every node of a chain
    /// holds this many at most, so size it to the server's `max_connections` divided among the nodes.
    public var connections = PostgresLocation.defaultConnections
    public static let defaultConnections = 16

    public init(url text: String) throws(ReferentialError) {
        guard let schemeEnd = text.range(of: "://") else { throw ReferentialError(.invalidDatabaseURL, text) }
        var rest = Substring(text[schemeEnd.upperBound...])
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        guard let at = rest.lastIndex(of: "@"), let slash = rest[at...].firstIndex(of: "/") else {
            throw ReferentialError(.invalidDatabaseURL, "expected postgres://user@host[:port]/database")
        }
        let credentials = rest[..<at]
        let hostPort = rest[rest.index(after: at)..<slash]
        database = String(rest[rest.index(after: slash)...])
        if let colon = credentials.firstIndex(of: ":") {
            username = String(credentials[..<colon])
            password = String(credentials[credentials.index(after: colon)...])
        } else {
            username = String(credentials)
            password = nil
        }
        if let colon = hostPort.lastIndex(of: ":") {
            host = String(hostPort[..<colon])
            guard let port = Int(hostPort[hostPort.index(after: colon)...]) else {
                throw ReferentialError(.invalidDatabaseURL, "bad port in \(hostPort)")
            }
            self.port = port
        } else {
            host = String(hostPort)
            port = 5432
        }
        schema = nil
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2, parts[0] == "schema" { schema = String(parts[1]) }
            if parts.count == 2, parts[0] == "connections" {
                guard let count = Int(parts[1]), (1...1000).contains(count) else {
                    throw ReferentialError(.invalidDatabaseURL, "connections must be a whole number 1…1000")
                }
                connections = count
            }
        }
        guard !username.isEmpty, !host.isEmpty, !database.isEmpty else {
            throw ReferentialError(.invalidDatabaseURL, "user, host and database are required")
        }
        if let schema, !(schema.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }) || schema.isEmpty {
            throw ReferentialError(.invalidDatabaseURL, "schema must be letters, digits, '_'")
        }
    }

    /// The same server and database with another schema.
    public func withSchema(_ schema: String) -> PostgresLocation {
        var copy = self
        copy.schema = schema
        return copy
    }

    public var description: String {
        var parameters: [String] = []
        if let schema { parameters.append("schema=\(schema)") }
        if connections != Self.defaultConnections { parameters.append("connections=\(connections)") }
        return "postgres://\(username)@\(host):\(port)/\(database)" + (parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&"))
    }
}
