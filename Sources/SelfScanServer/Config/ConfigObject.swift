import SelfScanAPI
import SelfScanSync

/// Reads one JSON object of the config: typed getters that name the key path on error, and a final
/// `finish()` that refuses keys nobody asked for (a typo in a key is an error, never silently ignored).
struct ConfigObject {
    let path: String
    private let fields: [String: JSONValue]
    private var consumed: Set<String> = []

    init(_ value: JSONValue, path: String) throws(ConfigError) {
        guard case .object(let fields) = value else {
            throw ConfigError(.badValue, path: path, "expected an object, found \(value.typeName)")
        }
        self.fields = fields
        self.path = path
    }

    func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The raw value of `key`, marking it as known.
    mutating func value(_ key: String) -> JSONValue? {
        consumed.insert(key)
        if case .null = fields[key] { return nil }
        return fields[key]
    }

    mutating func required<T>(_ key: String, _ read: (JSONValue, String) throws(ConfigError) -> T) throws(ConfigError) -> T {
        guard let value = value(key) else { throw ConfigError(.missingKey, path: childPath(key), "is required") }
        return try read(value, childPath(key))
    }

    mutating func optional<T>(_ key: String, _ read: (JSONValue, String) throws(ConfigError) -> T) throws(ConfigError) -> T? {
        guard let value = value(key) else { return nil }
        return try read(value, childPath(key))
    }

    /// Throws `unknownKey` for the first key (alphabetically) that no getter asked for.
    func finish() throws(ConfigError) {
        let unknown = fields.keys.filter { !consumed.contains($0) }.sorted()
        guard let first = unknown.first else { return }
        let known = consumed.sorted().joined(separator: ", ")
        throw ConfigError(.unknownKey, path: childPath(first), "unknown key (known keys here: \(known))")
    }

    // MARK: Readers for leaf values

    static func string(_ value: JSONValue, _ path: String) throws(ConfigError) -> String {
        guard case .string(let text) = value, !text.isEmpty else {
            throw ConfigError(.badValue, path: path, "expected a non-empty string, found \(value.typeName)")
        }
        return text
    }

    static func bool(_ value: JSONValue, _ path: String) throws(ConfigError) -> Bool {
        guard case .bool(let flag) = value else {
            throw ConfigError(.badValue, path: path, "expected true or false, found \(value.typeName)")
        }
        return flag
    }

    static func integer(_ value: JSONValue, _ path: String, in range: ClosedRange<Int64>) throws(ConfigError) -> Int64 {
        guard case .integer(let number) = value else {
            throw ConfigError(.badValue, path: path, "expected an integer, found \(value.typeName)")
        }
        guard range.contains(number) else {
            throw ConfigError(.badValue, path: path, "\(number) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    static func array(_ value: JSONValue, _ path: String) throws(ConfigError) -> [(JSONValue, String)] {
        guard case .array(let items) = value else {
            throw ConfigError(.badValue, path: path, "expected an array, found \(value.typeName)")
        }
        return items.enumerated().map { ($0.element, "\(path)[\($0.offset)]") }
    }

    static func oneOf<E: RawRepresentable & CaseIterable>(
        _ value: JSONValue, _ path: String, as type: E.Type
    ) throws(ConfigError) -> E where E.RawValue == String {
        let text = try string(value, path)
        guard let result = E(rawValue: text) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: " | ")
            throw ConfigError(.badValue, path: path, "'\(text)' is not one of: \(allowed)")
        }
        return result
    }
}
