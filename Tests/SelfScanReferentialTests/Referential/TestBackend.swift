import Foundation
import Logging
import SelfScanReferential
import Testing

/// The two backends every protocol test runs against.
enum TestBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// Runs `body` with a fresh, migrated store of this backend: a new SQLite file in a unique temp dir, or a new
    /// schema in the PostgreSQL at `SELFSCAN_PG_URL` (required: the test fails without it).
    func withStore<T: Sendable>(_ body: @Sendable (any ReferentialStore) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("selfscan-ref-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let store = try SQLReferentialStore.sqlite(path: directory.appendingPathComponent("referential.sqlite").path)
            try await store.migrate()
            return try await body(store)
        case .postgres:
            let location = try TestBackend.freshPostgresLocation()
            let backend = PostgresBackend(location: location, logger: Logger(label: "test.pg"))
            return try await backend.withRunningClient {
                let store = SQLReferentialStore(backend: backend)
                try await store.migrate()
                return try await body(store)
            }
        }
    }

    /// Like `withStore`, but the store is not migrated (to build an older schema first).
    func withBareStore<T: Sendable>(_ body: @Sendable (SQLReferentialStore) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("selfscan-ref-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            return try await body(try SQLReferentialStore.sqlite(path: directory.appendingPathComponent("referential.sqlite").path))
        case .postgres:
            let backend = PostgresBackend(location: try TestBackend.freshPostgresLocation(), logger: Logger(label: "test.pg"))
            return try await backend.withRunningClient { try await body(SQLReferentialStore(backend: backend)) }
        }
    }

    /// `SELFSCAN_PG_URL` with a schema of its own (tests run in parallel).
    static func freshPostgresLocation() throws -> PostgresLocation {
        let url = try #require(
            ProcessInfo.processInfo.environment["SELFSCAN_PG_URL"],
            "SELFSCAN_PG_URL is not set: start a cluster with eval \"$(scripts/pg-test-cluster start)\"")
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return try PostgresLocation(url: url).withSchema(schema)
    }
}
