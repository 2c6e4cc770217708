import Foundation
import GRDB
import GRDBSQLite

/// Which columns of a stored row differ from the values a caller is about to write, read straight from
/// SQLite's column buffers (no `Row`, no `String` per column): the catalog delta's in-place update asks it
/// once per changed product and then writes only the columns that moved.
struct StoredRowComparison {
    /// Column 0 of the row (the rowid).
    let rowID: Int64
    /// Bit `i` set: column `i + 1` differs from `values[i]` (type or value).
    let differing: UInt32
}

extension Statement {
    /// Binds `key` as text to the statement's only parameter, steps once and compares columns `1…` of the
    /// first row with `values` (in order; at most 32). `nil` when no row matches. The statement must be a
    /// SELECT whose column 0 is an integer key and whose next `values.count` columns are the compared ones.
    /// Like `executeBound`, this calls the SQLite C API through GRDB's `GRDBSQLite` module.
    func compareRow(key: String, with values: [BoundValue]) throws -> StoredRowComparison? {
        precondition(values.count <= 32, "at most 32 compared columns")
        let statement = sqliteStatement
        sqlite3_reset(statement)
        var key = key
        let bound = key.withUTF8 { buffer in
            sqlite3_bind_text(
                statement, 1, UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: CChar.self),
                Int32(buffer.count), comparisonTransientDestructor)
        }
        guard bound == SQLITE_OK else { throw comparisonError(bound) }
        defer { sqlite3_reset(statement) }
        let result = sqlite3_step(statement)
        if result == SQLITE_DONE { return nil }
        guard result == SQLITE_ROW else { throw comparisonError(result) }
        let rowID = sqlite3_column_int64(statement, 0)
        var differing: UInt32 = 0
        for (offset, value) in values.enumerated() {
            let column = Int32(offset + 1)
            let type = sqlite3_column_type(statement, column)
            let same: Bool
            switch value {
            case .null:
                same = type == SQLITE_NULL
            case .integer(let number):
                same = type == SQLITE_INTEGER && sqlite3_column_int64(statement, column) == number
            case .text(var text):
                if type == SQLITE_TEXT {
                    // `sqlite3_column_text` before `sqlite3_column_bytes` (SQLite's documented order).
                    let pointer = sqlite3_column_text(statement, column)
                    let count = Int(sqlite3_column_bytes(statement, column))
                    same = text.withUTF8 { buffer in
                        guard buffer.count == count else { return false }
                        guard count > 0, let mine = buffer.baseAddress, let stored = pointer else { return true }
                        return memcmp(mine, stored, count) == 0
                    }
                } else {
                    same = false
                }
            }
            if !same { differing |= 1 << UInt32(offset) }
        }
        return StoredRowComparison(rowID: rowID, differing: differing)
    }

    private func comparisonError(_ code: Int32) -> DatabaseError {
        let handle = sqlite3_db_handle(sqliteStatement)
        let extended = handle.map { sqlite3_extended_errcode($0) } ?? code
        let message = handle.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: extended), message: message, sql: sql)
    }
}

/// `SQLITE_TRANSIENT` (a C macro Swift cannot import): SQLite copies the bytes before `bind` returns.
private let comparisonTransientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
