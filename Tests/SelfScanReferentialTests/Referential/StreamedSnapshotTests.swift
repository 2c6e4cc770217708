import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import SelfScanStorage
import SelfScanSync
import SelfScanSyncStorage
import Testing

/// The daemon streams a snapshot into its cache's transaction and resumes a cut body into that same
/// transaction (issue 16): a loopback proxy in front of the referential cuts the first answer midway.
@Suite("Catalog snapshot streamed into the cache, resumed after a cut")
struct StreamedSnapshotTests {
    struct Cut: Error {}

    /// Serves the referential's snapshot, cutting the uncut request after `keepLines` lines and half a line;
    /// `after=` requests (resumes) pass through whole. Counts the requests it saw.
    static func withCuttingProxy<T: Sendable>(
        to server: TestServer, keepLines: Int, _ body: @Sendable (_ baseURL: String, _ requests: @Sendable () -> [String]) async throws -> T
    ) async throws -> T {
        let seen = RequestLog()
        let router = Router()
        router.get("/v1/catalog/snapshot") { request, _ -> Response in
            let query = request.uri.query ?? ""
            seen.append(query)
            let token = request.headers[.authorization].map { String($0.dropFirst("Bearer ".count)) }
            let path = "/v1/catalog/snapshot" + (query.isEmpty ? "" : "?" + query)
            let answer = try await server.raw("GET", path, token: token)
            guard answer.status == 200, !query.contains("after=") else {  // cut the first answer only
                return Response(status: .init(code: answer.status), body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
            }
            let lines = answer.body.split(separator: 0x0A, omittingEmptySubsequences: false)
            var kept = Data(lines.prefix(keepLines).joined(separator: [0x0A]))
            kept.append(0x0A)
            kept.append(contentsOf: lines[keepLines].prefix(lines[keepLines].count / 2))
            let bytes = kept
            return Response(
                status: .ok,
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(bytes: bytes))
                    throw Cut()  // the connection drops mid-body
                })
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "test.cutting-proxy"))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            defer { group.cancelAll() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            return try await body("http://127.0.0.1:\(port)") { seen.all }
        }
    }

    @Test func aCutSnapshotResumesIntoTheSameTransactionAndVerifies() async throws {
        try await TestBackend.sqlite.withStore { store in
            let version = try await store.publish(try Fixtures.products(1...40), note: "import")
            try await TestServer.with(store: store) { server in
                let token = try await server.token(store: "nice-1")
                try await Self.withCuttingProxy(to: server, keepLines: 12) { baseURL, requests in
                    let directory = FileManager.default.temporaryDirectory
                        .appendingPathComponent("selfscan-stream-\(UUID().uuidString)").path
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                    let cache = CatalogCache(database: try StoreDatabase.open(atPath: directory + "/store.sqlite"))
                    let client = ReferentialClient(baseURL: baseURL, token: token, timeout: .seconds(20))
                    let result = try await client.streamCatalogSnapshot(into: cache, now: Date())
                    #expect(result.version == version)
                    #expect(result.records == 40)
                    #expect(try cache.state()?.version == version)
                    let lookup = try #require(try cache.lookup())
                    #expect(try lookup.product(gtin: try Fixtures.gtin(1)) != nil)
                    #expect(try lookup.product(gtin: try Fixtures.gtin(40)) != nil)
                    // One cut answer (header + 11 records), then one resume after those 11 records.
                    #expect(requests() == ["include=suggestions", "include=suggestions&after=11&version=\(version.rawValue)"])
                }
            }
        }
    }

    @Test func aStreamThatNeverCompletesLeavesTheCacheAsItWas() async throws {
        try await TestBackend.sqlite.withStore { store in
            _ = try await store.publish(try Fixtures.products(1...20), note: "import")
            try await TestServer.with(store: store) { server in
                let token = try await server.token(store: "nice-1")
                try await Self.withCuttingProxy(to: server, keepLines: 5) { baseURL, requests in
                    let directory = FileManager.default.temporaryDirectory
                        .appendingPathComponent("selfscan-stream-\(UUID().uuidString)").path
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                    let cache = CatalogCache(database: try StoreDatabase.open(atPath: directory + "/store.sqlite"))
                    let client = ReferentialClient(baseURL: baseURL, token: token, timeout: .seconds(20))
                    // No resume allowed: the cut is final and the open transaction rolls back.
                    await #expect(throws: (any Error).self) {
                        try await client.streamCatalogSnapshot(into: cache, now: Date(), resumeAttempts: 0)
                    }
                    #expect(try cache.state() == nil)
                    #expect(requests() == ["include=suggestions"])
                }
            }
        }
    }
}

/// The queries a proxy saw, in order.
final class RequestLog: @unchecked Sendable {
    // @unchecked Sendable: `queries` is only touched with `lock` held.
    private let lock = NSLock()
    private var queries: [String] = []
    func append(_ query: String) { lock.withLock { queries.append(query) } }
    var all: [String] { lock.withLock { queries } }
}
