import PostgresNIO

extension SQLStatement {
    /// The statement as postgres-nio's `PostgresQuery`, built through the library's own string interpolation:
    /// text appended as literal, each value appended as a binding (`$1`, `$2`… in order).
    func postgresQuery() throws -> PostgresQuery {
        var query = PostgresQuery.StringInterpolation(literalCapacity: 0, interpolationCount: bindCount)
        for part in parts {
            switch part {
            case .sql(let text):
                query.appendLiteral(text)
            case .value(let value):
                query.append(value)
            case .tuples(let tuples):
                for (index, tuple) in tuples.enumerated() {
                    query.appendLiteral(index == 0 ? "(" : ", (")
                    for (position, value) in tuple.enumerated() {
                        if position > 0 { query.appendLiteral(", ") }
                        query.append(value)
                    }
                    query.appendLiteral(")")
                }
            case .array(.text(let values)):
                try query.appendInterpolation(values)
                query.appendLiteral("::text[]")
            case .array(.integers(let values)):
                try query.appendInterpolation(values)
                query.appendLiteral("::int8[]")
            case .array(.optionalText(let values)):
                query.appendInterpolation(PostgresArrayLiteral.text(values))
                query.appendLiteral("::text::text[]")
            case .array(.optionalIntegers(let values)):
                query.appendInterpolation(PostgresArrayLiteral.integers(values))
                query.appendLiteral("::text::int8[]")
            }
        }
        return PostgresQuery(stringInterpolation: query)
    }
}

extension PostgresQuery.StringInterpolation {
    mutating func append(_ value: SQLValue) {
        switch value {
        case .null: appendInterpolation(String?.none)
        case .integer(let number): appendInterpolation(number)
        case .text(let text): appendInterpolation(text)
        }
    }
}
