import SelfScanAPI
import SelfScanSync

/// The config reader parses the file into the sync protocol's `JSONValue` tree (one JSON tree type for the
/// whole product), so it can report unknown keys and exact paths.
extension JSONValue {
    /// Name of the JSON type, for error messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .double: "a decimal number"
        case .integer: "an integer"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
