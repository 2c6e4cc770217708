/// Why a catalog snapshot or delta file (or stream) was refused. Refusal is always whole: nothing of the
/// file is applied and the cache keeps its previous version.
public struct CatalogFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable machine-readable reasons.
    public enum Code: String, Sendable, Hashable, Codable {
        /// The first line is not a SelfScan catalog header.
        case notACatalog
        /// The header names a format version this build does not read.
        case unsupportedFormatVersion
        /// A line is not valid JSON or does not match its record type.
        case malformedLine
        /// A record `type` this format version does not define.
        case unknownRecordType
        /// The file ended before its trailer: it was cut (interrupted download, disk full, crash).
        case truncated
        /// The trailer's record count differs from the records read.
        case recordCountMismatch
        /// The trailer's SHA-256 differs from the lines read: the content was altered or damaged.
        case checksumMismatch
        /// Something follows the trailer.
        case dataAfterTrailer
        /// A line is longer than `CatalogLineDecoder.maximumLineLength` (not a catalog, or damaged).
        case lineTooLong
        /// A delta whose base version is not the cache's current version.
        case wrongBaseVersion
        /// A snapshot older than the cached version, or a delta that does not move forward.
        case staleVersion
        /// A record contradicts the header or the cache (currency, duplicate GTIN, unknown product…).
        case inconsistentRecord
        /// The file could not be opened or read or written.
        case ioError
        /// A record's value cannot be sold as given: a price of zero or less or above the sanity limit, a
        /// minimum age outside 0…99 (`ProductSanity`).
        case invalidValue
    }

    public let code: Code
    /// 1-based line number in the file, when the problem is on a line.
    public let line: Int?
    /// What is wrong, for people.
    public let message: String

    public init(code: Code, line: Int? = nil, message: String) {
        self.code = code
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "catalog file rejected [\(code.rawValue)] at line \(line): \(message)" }
        return "catalog file rejected [\(code.rawValue)]: \(message)"
    }
}
