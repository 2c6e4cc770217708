public import SelfScanAPI
import GRDB

/// Why the store database refused an operation. A struct with a stable `code`, the SQLite result code when
/// one is behind it, and context; `description` is the message an operator reads.
public struct StorageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable machine-readable reasons (JSON `error.code`).
    public enum Code: String, Sendable, Hashable, Codable {
        /// The file is not a SQLite database or its pages are damaged (`SQLITE_CORRUPT`, `SQLITE_NOTADB`).
        case corruptDatabase
        /// The file was written by a newer SelfScan (it holds migrations this build does not know).
        case newerSchema
        /// The disk or the database is full (`SQLITE_FULL`); the transaction was rolled back whole.
        case diskFull
        /// The file or its directory cannot be opened, read or written (`SQLITE_CANTOPEN`, `SQLITE_IOERR`,
        /// `SQLITE_READONLY`, `SQLITE_PERM`).
        case ioError
        /// Another process holds the database lock for longer than the busy timeout (`SQLITE_BUSY`).
        case busy
        /// A uniqueness or other constraint refused the write (`SQLITE_CONSTRAINT`): e.g. a duplicate id.
        case constraint
        /// A stored value could not be decoded (a bug or a hand-edited file).
        case invalidStoredData
        /// A caller passed a value the store cannot accept (e.g. card data where only last 4 digits go).
        case invalidInput
        /// A catalog file was refused (see `CatalogFileError` for the detail in `message`).
        case catalogRejected
        /// Any other SQLite failure.
        case sqlite
    }

    public let code: Code
    /// What was being done and what went wrong, for people.
    public let message: String
    /// The SQLite extended result code, when SQLite reported the failure.
    public let sqliteCode: Int32?
    /// The database file, when known.
    public let path: String?

    public init(code: Code, message: String, sqliteCode: Int32? = nil, path: String? = nil) {
        self.code = code
        self.message = message
        self.sqliteCode = sqliteCode
        self.path = path
    }

    public var description: String {
        var text = "storage error [\(code.rawValue)]: \(message)"
        if let path { text += " (database: \(path))" }
        if let sqliteCode { text += " (SQLite code \(sqliteCode))" }
        return text
    }

    /// Maps any error thrown by GRDB (or by our own code inside a transaction) to a `StorageError`.
    public static func wrapping(_ error: any Error, doing action: String, path: String? = nil) -> StorageError {
        if let storage = error as? StorageError { return storage }
        if let catalog = error as? CatalogFileError {
            return StorageError(code: .catalogRejected, message: "\(action): \(catalog)", path: path)
        }
        guard let database = error as? DatabaseError else {
            return StorageError(code: .invalidStoredData, message: "\(action): \(error)", path: path)
        }
        let extended = database.extendedResultCode.rawValue
        let detail = database.message ?? "\(database)"
        switch database.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return StorageError(
                code: .corruptDatabase,
                message: "\(action): the database file is damaged or is not a SelfScan database (\(detail)); "
                    + "it was left untouched: restore it from a backup or move it aside to start empty",
                sqliteCode: extended, path: path)
        case .SQLITE_FULL:
            return StorageError(
                code: .diskFull,
                message: "\(action): the disk is full; nothing was written (the transaction was rolled back)",
                sqliteCode: extended, path: path)
        case .SQLITE_CANTOPEN, .SQLITE_IOERR, .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH:
            return StorageError(code: .ioError, message: "\(action): \(detail)", sqliteCode: extended, path: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StorageError(code: .busy, message: "\(action): \(detail)", sqliteCode: extended, path: path)
        case .SQLITE_CONSTRAINT:
            return StorageError(code: .constraint, message: "\(action): \(detail)", sqliteCode: extended, path: path)
        default:
            return StorageError(code: .sqlite, message: "\(action): \(detail)", sqliteCode: extended, path: path)
        }
    }
}
