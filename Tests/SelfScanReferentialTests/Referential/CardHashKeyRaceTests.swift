import Foundation
import Logging
@testable import SelfScanReferential
import SelfScanCore
import Testing

/// The card-hash key is created once, whatever the number of concurrent creators (two imports, two nodes
/// starting over one PostgreSQL): every card must be hashed under the same key. Two creators used to both
/// find no key, both insert one, and hash their customers under different keys.
@Suite("Card-hash key: created once by concurrent creators")
struct CardHashKeyRaceTests {
    static let creators = 8

    /// Two stores over one database (SQLite: one file; PostgreSQL: one schema), as two nodes would be.
    func withTwoStores<T: Sendable>(
        _ backend: TestBackend, _ body: @Sendable (SQLReferentialStore, SQLReferentialStore) async throws -> T
    ) async throws -> T {
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("selfscan-key-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("referential.sqlite").path
            let first = SQLReferentialStore(backend: try SQLiteBackend(path: path), cardHashIterations: 1000)
            try await first.migrate()
            let second = SQLReferentialStore(backend: try SQLiteBackend(path: path), cardHashIterations: 1000)
            return try await body(first, second)
        case .postgres:
            let location = try TestBackend.freshPostgresLocation()
            let one = PostgresBackend(location: location, logger: Logger(label: "test.pg.1"))
            let two = PostgresBackend(location: location, logger: Logger(label: "test.pg.2"))
            return try await one.withRunningClient {
                try await two.withRunningClient {
                    let first = SQLReferentialStore(backend: one, cardHashIterations: 1000)
                    try await first.migrate()
                    return try await body(first, SQLReferentialStore(backend: two, cardHashIterations: 1000))
                }
            }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func concurrentCreatorsAllGetTheOneKey(_ backend: TestBackend) async throws {
        try await withTwoStores(backend) { first, second in
            let ids = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<Self.creators {
                    let store = index.isMultiple(of: 2) ? first : second
                    group.addTask { try await store.currentCardHashKey().id }
                }
                var ids: [String] = []
                for try await id in group { ids.append(id) }
                return ids
            }
            #expect(ids.count == Self.creators)
            #expect(Set(ids).count == 1, "\(Set(ids).count) keys created by \(Self.creators) concurrent creators")
            let stored = try await first.cardHashKeys()
            #expect(stored.map(\.id) == [try #require(ids.first)])
            // And a later call, from either node, keeps it.
            #expect(try await second.currentCardHashKey().id == ids.first)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func rotationStillStartsANewKey(_ backend: TestBackend) async throws {
        try await withTwoStores(backend) { first, second in
            let before = try await first.currentCardHashKey()
            let (rotated, _) = try await second.rotateCardHashKey()
            #expect(rotated.id != before.id)
            #expect(try await first.currentCardHashKey().id == rotated.id)
            #expect(try await first.cardHashKeys().count == 2)
        }
    }
}
