import GRDB
import GRDBSQLite

/// The current row of a statement, read by position straight from SQLite (`sqlite3_column_*`).
///
/// The catalog lookup's hot path (issue 16): GRDB's `Row.fetchOne` builds a cursor, validates the arguments,
/// copies every column into a `Row` and resets the statement in the cursor's deinit — together more than
/// SQLite's own probe of the index (perf, 2026-12-04: 56 % of a GTIN lookup, `sqlite3_step` 29 %). Valid
/// only inside `Statement.withFirstRow`'s closure. With `Statement+RawBinding.swift`, the only files that call
/// the SQLite C API.
struct RawRow {
    fileprivate let statement: OpaquePointer

    /// The column's text (invalid UTF-8 repaired, as GRDB does), or `nil` when it is NULL.
    func text(_ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(statement, column) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// The column's bytes as text, passed to `body` without a copy (empty for NULL).
    func withUTF8<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        guard let bytes = sqlite3_column_text(statement, column) else {
            return try body(UnsafeBufferPointer(start: nil, count: 0))
        }
        return try body(UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, column))))
    }

    /// The column as an integer, or `nil` when it is NULL.
    func integer(_ column: Int32) -> Int64? {
        sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : sqlite3_column_int64(statement, column)
    }
}

extension Statement {
    /// Binds `key` to the statement's only parameter, steps once and passes the first row (if any) to `body`;
    /// the statement is reset before returning, whatever happens. Errors come back as GRDB `DatabaseError`s.
    func withFirstRow<T>(binding key: Int64, _ body: (RawRow) throws -> T) throws -> T? {
        try withFirstRow(body) { statement in sqlite3_bind_int64(statement, 1, key) }
    }

    /// The same with a text key.
    func withFirstRow<T>(binding key: String, _ body: (RawRow) throws -> T) throws -> T? {
        var key = key
        return try withFirstRow(body) { statement in
            key.withUTF8 { buffer in
                sqlite3_bind_text(
                    statement, 1, UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: CChar.self),
                    Int32(buffer.count), rawRowTransientDestructor)
            }
        }
    }

    private func withFirstRow<T>(_ body: (RawRow) throws -> T, bind: (OpaquePointer) -> Int32) throws -> T? {
        let statement = sqliteStatement
        sqlite3_reset(statement)  // a no-op unless an earlier user left it stepped
        defer { sqlite3_reset(statement) }
        let bound = bind(statement)
        guard bound == SQLITE_OK else { throw rawRowError(bound) }
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return try body(RawRow(statement: statement))
        case SQLITE_DONE: return nil
        case let code: throw rawRowError(code)
        }
    }

    private func rawRowError(_ code: Int32) -> DatabaseError {
        let handle = sqlite3_db_handle(sqliteStatement)
        let extended = handle.map { sqlite3_extended_errcode($0) } ?? code
        let message = handle.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: extended), message: message, sql: sql)
    }
}

/// `SQLITE_TRANSIENT`: SQLite copies the bytes before `bind` returns.
private let rawRowTransientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
