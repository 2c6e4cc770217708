import SelfScanTooling
import Foundation
import GRDB
import SelfScanAPI
import SelfScanCore
import Testing
@testable import SelfScanStorage

#if canImport(Glibc)
import Glibc
import SelfScanTestSupport
#endif

/// Kills a child `selfscan catalog crash-helper` with SIGKILL at random points while it imports catalogs and
/// while it appends scans, on the same database file, round after round. After each kill the file must open,
/// pass `PRAGMA integrity_check`, hold a whole catalog version (the last acknowledged or the next), and hold
/// every scan the child acknowledged.
@Suite("Crash: SIGKILL mid-import and mid-scan", .serialized)
struct CrashTests {
    static let productCount = 1500

    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["SELFSCAN_BIN"] { return path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/selfscan").path
    }

    /// Every version shifts every price by its number: a mix of two versions would show.
    static func catalog(version: Int64) -> SyntheticCatalog {
        var catalog = SyntheticCatalog(productCount: productCount, version: CatalogVersion(version))
        catalog.priceShift = version
        return catalog
    }

    /// Starts the helper with stdout in a file; returns the process and the output path.
    func launch(_ arguments: [String], in directory: URL, round: Int) throws -> (ChildProcess, String) {
        let outputPath = directory.appendingPathComponent("round-\(round).out").path
        #expect(FileManager.default.createFile(atPath: outputPath, contents: nil))
        let process = try ChildProcess(
            CrashTests.binary, arguments, standardOutput: .file(outputPath), standardError: .discard)
        return (process, outputPath)
    }

    /// Waits (bounded) for the first acknowledged line, sleeps a random while, then SIGKILLs.
    func killAtRandomPoint(_ process: ChildProcess, outputPath: String, maximumDelayMilliseconds: Int) throws -> [String] {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning, try lines(outputPath).isEmpty { usleep(10_000) }
        // Deliberate test input, not an ordering wait: the kill lands at a random point after the first acknowledgement.
        usleep(UInt32.random(in: 0...UInt32(maximumDelayMilliseconds)) * 1000)
        process.signal(SIGKILL)
        process.wait()
        return try lines(outputPath)
    }

    func lines(_ path: String) throws -> [String] {
        // Only whole lines count as acknowledged (a line cut by the kill was not yet acknowledged).
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let complete = text.hasSuffix("\n") ? text : String(text[..<(text.lastIndex(of: "\n") ?? text.startIndex)])
        return complete.split(separator: "\n").map(String.init)
    }

    @Test func killedImportsAndScansLoseNothingAcknowledged() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CrashTests.binary), "build selfscan first: \(CrashTests.binary)")
        let directory = try StorageFixtures.temporaryDirectory()
        let databasePath = directory.appendingPathComponent("store.sqlite").path
        var files: [String] = []
        for version in Int64(2)...Int64(8) {
            let path = directory.appendingPathComponent("v\(version).jsonl").path
            try CrashTests.catalog(version: version).write(toPath: path)
            files.append(path)
        }
        do {
            let database = try StoreDatabase.open(atPath: databasePath)
            try CatalogCache(database: database).apply(
                fileAt: { let path = directory.appendingPathComponent("v1.jsonl").path
                    try CrashTests.catalog(version: 1).write(toPath: path)
                    return path }())
        }
        var acknowledgedScans: [String] = []
        var killedMidImport = 0
        for round in 1...10 {
            if round % 2 == 1 {
                // Import: apply v2…v8 in turn (each is a full snapshot replacing the last).
                let before = try StoreDatabase.open(atPath: databasePath)
                let startVersion = try #require(try CatalogCache(database: before).state()).version.rawValue
                let pending = files.filter { path in
                    guard let version = Int64(URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent.dropFirst())
                    else { return false }
                    return version > startVersion
                }
                guard !pending.isEmpty else { continue }
                let (process, output) = try launch(
                    ["catalog", "crash-helper", "--db", databasePath, "--mode", "import"] + pending, in: directory,
                    round: round)
                let acknowledged = try killAtRandomPoint(process, outputPath: output, maximumDelayMilliseconds: 1500)
                let lastAcknowledged = acknowledged.last.flatMap { Int64($0.split(separator: " ").last ?? "") }
                    ?? startVersion
                let database = try StoreDatabase.open(atPath: databasePath)
                #expect(try database.integrityCheck() == ["ok"], "round \(round)")
                let state = try #require(try CatalogCache(database: database).state())
                #expect(
                    [lastAcknowledged, lastAcknowledged + 1].contains(state.version.rawValue),
                    "round \(round): version \(state.version) after acknowledging v\(lastAcknowledged)")
                if state.version.rawValue == lastAcknowledged { killedMidImport += 1 }
                // Whole version: first and last product both carry this version's prices.
                let lookup = try #require(try CatalogCache(database: database).lookup())
                let expected = CrashTests.catalog(version: state.version.rawValue)
                for index in [0, CrashTests.productCount - 1] {
                    let stored = try lookup.product(id: ProductID(SyntheticCatalog.productID(index)))
                    #expect(stored == expected.product(index), "round \(round), product \(index)")
                }
                #expect(try lookup.search(name: "pâté").isEmpty == false)
            } else {
                let (process, output) = try launch(
                    ["catalog", "crash-helper", "--db", databasePath, "--mode", "scan"], in: directory, round: round)
                let acknowledged = try killAtRandomPoint(process, outputPath: output, maximumDelayMilliseconds: 800)
                #expect(!acknowledged.isEmpty, "round \(round): the helper acknowledged nothing")
                acknowledgedScans += acknowledged.compactMap { $0.hasPrefix("ack ") ? String($0.dropFirst(4)) : nil }
                let database = try StoreDatabase.open(atPath: databasePath)
                #expect(try database.integrityCheck() == ["ok"], "round \(round)")
                let store = BasketStore(database: database)
                var missing = 0
                for text in acknowledgedScans {
                    let id = try #require(EventID(uuidString: text))
                    if try !store.contains(eventID: id) { missing += 1 }
                }
                #expect(missing == 0, "round \(round): \(missing) of \(acknowledgedScans.count) acknowledged scans lost")
                // Every stored scan has its outbox row (same transaction).
                let orphans = try database.writer.read { db in
                    try Int.fetchOne(db, sql: """
                        SELECT COUNT(*) FROM basket_event e LEFT JOIN outbox o ON o.idempotencyKey = e.eventID
                        WHERE o.id IS NULL
                        """)
                }
                #expect(orphans == 0)
            }
        }
        #expect(acknowledgedScans.count > 0)
        print("crash test: \(acknowledgedScans.count) acknowledged scans kept; \(killedMidImport) kills landed mid-import")
    }
}
