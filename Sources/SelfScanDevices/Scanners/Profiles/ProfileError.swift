/// Why a device profile could not be loaded. Never a crash, never a silently ignored file.
public struct ProfileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable machine-readable reason.
    public enum Code: String, Sendable, Hashable {
        /// The directory or file could not be read.
        case unreadable
        /// The file is not valid JSON for a profile (syntax, wrong type).
        case malformedJSON
        /// A required field is absent.
        case missingField
        /// A field has a value outside its domain (bad hex id, unknown layout, negative timeout…).
        case invalidField
        /// Two profiles share an `id`.
        case duplicateID
        /// Two profiles claim the same vendor/product/interface.
        case duplicateDevice
    }

    public let code: Code
    /// The profile file (or directory) concerned.
    public let file: String
    /// The field concerned, when there is one.
    public let field: String?
    /// What was found, for the operator.
    public let detail: String

    public init(code: Code, file: String, field: String? = nil, detail: String) {
        self.code = code
        self.file = file
        self.field = field
        self.detail = detail
    }

    public var description: String {
        "\(file): \(code.rawValue)" + (field.map { " (\($0))" } ?? "") + ": \(detail)"
    }
}
