import GRDB

extension SQLStatement {
    /// The statement as SQLite text with `?` where values go, and the values as GRDB's `StatementArguments`.
    /// The text of a statement does not depend on its values (only on how many a `\(list:)` or `\(rows:)` holds),
    /// so GRDB's statement cache (`cachedStatement(sql:)`) parses each shape once per connection.
    func sqlite() throws -> (sql: String, arguments: StatementArguments) {
        // A statement without values (BEGIN, COMMIT, fixed queries) is its own text: nothing to build.
        if parts.count == 1, case .sql(let text) = parts[0] { return (text, StatementArguments()) }
        var sql = ""
        var length = 0
        for part in parts {
            if case .sql(let text) = part { length += text.utf8.count }
        }
        let count = bindCount
        sql.reserveCapacity(length + 3 * count)
        // Existentials, not `[DatabaseValue]`: GRDB maps a sequence of `some DatabaseValueConvertible` through a key
        // path (unspecialised across the module boundary: 2 % of the SQLite ingest's CPU in a profile), a sequence of
        // `(any DatabaseValueConvertible)?` through a closure.
        var values: [(any DatabaseValueConvertible)?] = []
        values.reserveCapacity(count)
        for part in parts {
            switch part {
            case .sql(let text):
                sql += text
            case .value(let value):
                sql += "?"
                values.append(value.databaseConvertible)
            case .tuples(let tuples):
                for (index, tuple) in tuples.enumerated() {
                    sql += index == 0 ? "(" : ", ("
                    for (position, value) in tuple.enumerated() {
                        sql += position == 0 ? "?" : ", ?"
                        values.append(value.databaseConvertible)
                    }
                    sql += ")"
                }
            case .array:
                throw ReferentialError(.database, "an array value is PostgreSQL only: SQLite has no array type")
            }
        }
        return (sql, StatementArguments(values))
    }
}

extension SQLValue {
    var databaseConvertible: (any DatabaseValueConvertible)? {
        switch self {
        case .null: nil
        case .integer(let number): number
        case .text(let text): text
        }
    }
}
