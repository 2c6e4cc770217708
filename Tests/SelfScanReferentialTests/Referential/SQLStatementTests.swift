import Foundation
@testable import SelfScanReferential
import Testing

/// Statements carry their values (`SQLStatement`'s interpolation) and each backend binds them with its library's
/// own tool. Before, the SQL text was searched for `?` and each one became `$n` for PostgreSQL: a `?` in a string
/// constant or PostgreSQL's jsonb `?` operator shifted or broke the numbering.
@Suite("Referential SQL: statements with their values in place")
struct SQLStatementTests {
    @Test("each backend's text: `?` for SQLite, `$n` in order for PostgreSQL; a `?` in a constant stays text")
    func rendering() throws {
        let fragment: SQLStatement = "kind = \("basket")"
        let statement: SQLStatement = """
            SELECT \(Int64(1)), '?' FROM t WHERE id IN \(list: ["a", "b"]) AND \(fragment) AND note = \(String?.none)
            """
        let sqlite = try statement.sqlite()
        #expect(sqlite.sql == "SELECT ?, '?' FROM t WHERE id IN (?, ?) AND kind = ? AND note = ?")
        #expect(sqlite.arguments == [1, "a", "b", "basket", nil])
        let postgres = try statement.postgresQuery()
        #expect(postgres.sql == "SELECT $1, '?' FROM t WHERE id IN ($2, $3) AND kind = $4 AND note = $5")
        #expect(postgres.binds.count == 5)
        let rows: SQLStatement = "VALUES \(rows: [[.text("x"), .integer(2)], [.null, .text("y")]])"
        #expect(try rows.sqlite().sql == "VALUES (?, ?), (?, ?)")
        #expect(try rows.postgresQuery().sql == "VALUES ($1, $2), ($3, $4)")
        let empty: SQLStatement = "IN \(list: [String]())"
        #expect(try empty.sqlite().sql == "IN (NULL)")
        #expect(try empty.postgresQuery().binds.count == 0)
    }

    @Test("a `?` inside a string constant is text, and the values after it still bind", arguments: TestBackend.allCases)
    func questionMarkInAConstant(backend: TestBackend) async throws {
        try await backend.withBareStore { store in
            let rows = try await store.backend.query("SELECT 'who?', \("and you?"), '??', \(Int64(7))")
            #expect(rows == [[.text("who?"), .text("and you?"), .text("??"), .integer(7)]])
        }
    }

    @Test("lists, multi-row VALUES, NULLs and fragments round-trip", arguments: TestBackend.allCases)
    func listsAndRows(backend: TestBackend) async throws {
        try await backend.withBareStore { store in
            let sql = store.backend
            try await sql.prepareSchema(["CREATE TABLE probe (id TEXT PRIMARY KEY, n BIGINT, note TEXT)"])
            try await sql.transaction { session -> Void in
                let values: [[SQLValue]] = [
                    [.text("a"), .integer(1), .null], [.text("b?"), .integer(2), .text("x")], [.text("c"), .integer(3), .null],
                ]
                try await session.rows("INSERT INTO probe (id, n, note) VALUES \(rows: values)")
            }
            let wanted = ["b?", "c", "missing"]
            let filter: SQLStatement = "n >= \(2)"
            let found = try await sql.query("SELECT id, n, note FROM probe WHERE id IN \(list: wanted) AND \(filter) ORDER BY id")
            #expect(found == [[.text("b?"), .integer(2), .text("x")], [.text("c"), .integer(3), .null]])
            #expect(try await sql.query("SELECT id FROM probe WHERE id IN \(list: [String]())").isEmpty)
            let nulls = try await sql.query("SELECT COUNT(*) FROM probe WHERE note IS NULL")
            #expect(nulls == [[.integer(2)]])
        }
    }

    @Test("PostgreSQL: the jsonb `?` operator is plain SQL text")
    func jsonbQuestionMarkOperator() async throws {
        try await TestBackend.postgres.withBareStore { store in
            let document = #"{"a": 1}"#
            let rows = try await store.backend.query(
                "SELECT CAST(\(document) AS jsonb) ? 'a', CAST(\(document) AS jsonb) ? \("b"), \("after")")
            #expect(rows == [[.integer(1), .integer(0), .text("after")]])
        }
    }

    @Test("PostgreSQL: arrays bind whole, with NULL elements and quotes; SQLite refuses them with a typed error")
    func arrays() async throws {
        try await TestBackend.postgres.withBareStore { store in
            let texts: [String?] = ["a", nil, #"q"u\o"#]
            let rows = try await store.backend.query(
                """
                SELECT u.t, u.n FROM unnest(\(array: texts), \(array: [Int64(1), nil, 3] as [Int64?])) WITH ORDINALITY
                    AS u (t, n, i) ORDER BY u.i
                """)
            #expect(rows == [[.text("a"), .integer(1)], [.null, .null], [.text(#"q"u\o"#), .integer(3)]])
            let any = try await store.backend.query(
                "SELECT x FROM unnest(\(array: ["b", "a", "c"])) AS u (x) WHERE x = ANY(\(array: ["a", "c"])) ORDER BY x")
            #expect(any == [[.text("a")], [.text("c")]])
            let integers = try await store.backend.query("SELECT CAST(SUM(x) AS BIGINT) FROM unnest(\(array: [Int64(40), 2])) AS u (x)")
            #expect(integers == [[.integer(42)]])
        }
        try await TestBackend.sqlite.withBareStore { store in
            do {
                _ = try await store.backend.query("SELECT 1 WHERE 'a' IN (SELECT value FROM \(array: ["a"]))")
                Issue.record("SQLite bound an array")
            } catch let error as ReferentialError {
                #expect(error.code == .database)
            }
        }
    }
}
