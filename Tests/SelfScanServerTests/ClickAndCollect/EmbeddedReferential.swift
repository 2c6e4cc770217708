import Foundation
import Logging
import SelfScanDemo
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import SelfScanServer
import SelfScanStorage
import Testing

/// A real referential (SQLite in a unique temp dir) on a free loopback port for the duration of a test,
/// holding the demo catalog the test daemons are seeded with.
struct EmbeddedReferential: Sendable {
    let store: any ReferentialStore
    let port: Int
    var url: String { "http://127.0.0.1:\(port)" }

    /// Starts the referential, runs `body`, stops it.
    static func with<T: Sendable>(_ body: @Sendable (EmbeddedReferential) async throws -> T) async throws -> T {
        let directory = try makeTemporaryDirectory("referential")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLReferentialStore.sqlite(path: "\(directory)/referential.sqlite")
        try await store.migrate()
        let snapshot = DemoCatalog.frenchHypermarket()
        try await store.publish(
            snapshot.products.map(CatalogRecord.product) + snapshot.promotions.map(CatalogRecord.promotion)
                + snapshot.customers.map(CatalogRecord.customer), note: "demo catalog")
        var logger = Logger(label: "test.referential")
        logger.logLevel = .critical
        return try await ReferentialApplication.whileServing(store: store, logger: logger) { port in
            try await body(EmbeddedReferential(store: store, port: port))
        }
    }

    /// A device token for `id` (creating the store when missing).
    func token(store id: String, device: String = "handheld-1") async throws -> String {
        try await store.issueDeviceToken(store: StoreID(id), device: DeviceID(device), creatingStore: true)
    }

    /// Sets units on hand of a demo product in stores.
    func setStock(_ product: ProductID, _ levels: [String: Int64]) async throws {
        try await store.publish(
            levels.map { .stock(StockLevel(productID: product, storeID: StoreID($0.key), quantity: $0.value)) },
            note: "stock")
    }
}

/// A store daemon's configuration (demo catalog) with `url` as its referential, for the stock, shelf and click &
/// collect tests. `live`: the referential answers, and its live answer is what the test checks, so the daemon waits
/// up to 60 s for it (a loaded parallel run can stall the embedded referential past the 2 s a handheld waits). A down
/// referential keeps the handheld's 2 s: the HTTP client retries a refused connection until that timeout, which those
/// tests wait through.
func storeConfig(referential url: String, token: String, live: Bool = true) throws -> DaemonConfig {
    var config = testConfig(role: .store, dataDirectory: try makeTemporaryDirectory())
    config.catalogSeed = .frenchHypermarketDemo
    config.referential = .init(url: url, token: token)
    if live { config.liveReferentialTimeout = .seconds(60) }
    return config
}

/// A loopback TCP port bound but never listening: connecting is refused for sure, and no other test can take
/// it while this value lives (a stopped server's port could be).
final class RefusingPort: Sendable {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else {
            _ = close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    var url: String { "http://127.0.0.1:\(port)" }

    deinit { _ = close(fd) }
}
