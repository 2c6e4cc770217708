/// A statement with its values in place: SQL text and bound values written as one string interpolation, so no
/// code ever looks for placeholders in SQL text. Each backend renders it with its library's own binding:
/// postgres-nio's `PostgresQuery` interpolation on PostgreSQL (`$1`, `$2`…), GRDB's `StatementArguments` on SQLite
/// (`?`). A `?` inside a string constant, or PostgreSQL's jsonb `?` operator, is plain text.
///
///     session.rows("SELECT id FROM ingest_items WHERE store_id = \(store) AND id IN \(list: ids)")
///
/// - `\(value)`: one bound value (`String`, `Int64`, `Int`, their optionals — nil binds NULL — or `SQLValue`);
/// - `\(list: values)`: `(v1, v2, …)` for `IN` (an empty list is `(NULL)`: matches nothing);
/// - `\(rows: [[SQLValue]])`: `(a, b), (c, d)` for a multi-row `VALUES`;
/// - `\(fragment)`: another `SQLStatement`, its text and values spliced in;
/// - `\(unsafeSQL: text)`: SQL text as is (identifiers and fixed fragments only, never input);
/// - `\(array: values)`: one PostgreSQL array value, `$n::text[]` / `$n::int8[]` (see `SQLArray`); PostgreSQL only.
public struct SQLStatement: Sendable, Hashable {
    enum Part: Sendable, Hashable {
        case sql(String)
        case value(SQLValue)
        /// Parenthesised tuples of bound values, comma-separated.
        case tuples([[SQLValue]])
        case array(SQLArray)
    }

    var parts: [Part]

    /// SQL text with no bound values (identifiers, fixed fragments, statements built by trusted code).
    public init(unsafeSQL sql: String) { parts = [.sql(sql)] }

    /// Number of values bound once rendered (a `\(list:)` or `\(rows:)` counts each of its values).
    var bindCount: Int {
        parts.reduce(0) { count, part in
            switch part {
            case .sql: count
            case .value, .array: count + 1
            case .tuples(let tuples): count + tuples.reduce(0) { $0 + $1.count }
            }
        }
    }
}

extension SQLStatement: ExpressibleByStringInterpolation {
    public init(stringLiteral value: String) { parts = [.sql(value)] }

    public init(stringInterpolation: StringInterpolation) { parts = stringInterpolation.parts }

    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var parts: [Part]

        public init(literalCapacity: Int, interpolationCount: Int) {
            parts = []
            parts.reserveCapacity(2 * interpolationCount + 1)
        }

        public mutating func appendLiteral(_ literal: String) {
            if !literal.isEmpty { parts.append(.sql(literal)) }
        }

        public mutating func appendInterpolation(_ value: some SQLBindable) {
            parts.append(.value(value.sqlValue))
        }

        public mutating func appendInterpolation(list values: some Sequence<some SQLBindable>) {
            let tuple = values.map(\.sqlValue)
            parts.append(tuple.isEmpty ? .sql("(NULL)") : .tuples([tuple]))
        }

        public mutating func appendInterpolation(rows: [[SQLValue]]) {
            parts.append(.tuples(rows))
        }

        public mutating func appendInterpolation(_ fragment: SQLStatement) {
            parts.append(contentsOf: fragment.parts)
        }

        public mutating func appendInterpolation(unsafeSQL text: String) {
            parts.append(.sql(text))
        }

        public mutating func appendInterpolation(array values: [String]) { parts.append(.array(.text(values))) }
        public mutating func appendInterpolation(array values: [Int64]) { parts.append(.array(.integers(values))) }
        public mutating func appendInterpolation(array values: [String?]) { parts.append(.array(.optionalText(values))) }
        public mutating func appendInterpolation(array values: [Int64?]) {
            parts.append(.array(.optionalIntegers(values)))
        }
    }
}

extension SQLStatement {
    /// Transaction control, built once: the backends run them around every transaction.
    static let commit: SQLStatement = "COMMIT"
    static let rollback: SQLStatement = "ROLLBACK"
}

/// A value `SQLStatement` binds with `\(value)`.
public protocol SQLBindable {
    var sqlValue: SQLValue { get }
}

extension SQLValue: SQLBindable {
    public var sqlValue: SQLValue { self }
}

extension String: SQLBindable {
    public var sqlValue: SQLValue { .text(self) }
}

extension Int64: SQLBindable {
    public var sqlValue: SQLValue { .integer(self) }
}

extension Int: SQLBindable {
    public var sqlValue: SQLValue { .integer(Int64(self)) }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// One array value bound whole, PostgreSQL only (SQLite has no array type: rendering it there throws). The
/// semantics of the ingest's prepared statements (`PostgresIngestRows`): arrays without NULLs are bound as
/// `text[]` / `int8[]`; postgres-nio binds no arrays of optionals, so those are bound as one text value in
/// PostgreSQL's array syntax (`{"a",NULL}`, `PostgresArrayLiteral`) and cast in SQL (`$n::text::text[]`).
enum SQLArray: Sendable, Hashable {
    case text([String])
    case integers([Int64])
    case optionalText([String?])
    case optionalIntegers([Int64?])
}
