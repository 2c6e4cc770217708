import GRDB
import GRDBSQLite

/// A value bound by `Statement.executeBound(_:)`.
enum BoundValue {
    case text(String)
    case integer(Int64)
    case null

    static func text(_ value: String?) -> BoundValue { value.map(BoundValue.text) ?? .null }
    static func integer(_ value: Int64?) -> BoundValue { value.map(BoundValue.integer) ?? .null }
}

extension Statement {
    /// Binds `values` with `sqlite3_bind_*` and steps the statement once (an INSERT/UPDATE/DELETE).
    ///
    /// The catalog import's hot loop: GRDB's `StatementArguments` boxes every value in an existential, which
    /// cost more than SQLite's own work per row. This file and `Statement+RawRow.swift` are the only ones that
    /// call the SQLite C API (through GRDB's `GRDBSQLite` module); errors come back as GRDB `DatabaseError`s so
    /// callers map them as usual.
    func executeBound(_ values: [BoundValue]) throws {
        let statement = sqliteStatement
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .integer(let number):
                code = sqlite3_bind_int64(statement, index, number)
            case .null:
                code = sqlite3_bind_null(statement, index)
            case .text(var text):
                code = text.withUTF8 { buffer in
                    sqlite3_bind_text(
                        statement, index, UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: CChar.self),
                        Int32(buffer.count), transientDestructor)
                }
            }
            guard code == SQLITE_OK else { throw error(code) }
        }
        let result = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard result == SQLITE_DONE else { throw error(result) }
    }

    private func error(_ code: Int32) -> DatabaseError {
        let handle = sqlite3_db_handle(sqliteStatement)
        let extended = handle.map { sqlite3_extended_errcode($0) } ?? code
        let message = handle.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: extended), message: message, sql: sql)
    }
}

/// `SQLITE_TRANSIENT` (a C macro Swift cannot import): SQLite copies the bytes before `bind` returns.
private let transientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
