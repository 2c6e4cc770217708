public import Foundation

/// The protocol's JSON conventions, one place for both ends: camelCase keys, ISO 8601 UTC dates (seconds),
/// sorted keys (so the same value always has the same bytes).
public enum ProtocolJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// One encoder for the process (a configured `JSONEncoder` is safe to share across tasks): hot paths use it
    /// instead of building an encoder per value.
    public static let sharedEncoder: JSONEncoder = encoder()

    /// One decoder for the process, configured as `decoder()`.
    public static let sharedDecoder: JSONDecoder = decoder()

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// ISO 8601 text of a date, as stored and sent: `2026-11-23T12:00:00Z`.
    public static func text(of date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// Parses `text(of:)`'s output.
    public static func date(from text: String) -> Date? {
        try? Date(text, strategy: .iso8601)
    }

    /// Decodes a typed value from a `JSONValue` payload.
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try sharedDecoder.decode(T.self, from: try sharedEncoder.encode(value))
    }

    /// Encodes a typed value into a `JSONValue` payload.
    public static func value(of encodable: some Encodable) throws -> JSONValue {
        try sharedDecoder.decode(JSONValue.self, from: try sharedEncoder.encode(encodable))
    }
}
