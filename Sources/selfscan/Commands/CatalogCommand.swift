import SelfScanTooling
import ArgumentParser
import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanStorage

/// `selfscan catalog`: the store's offline catalog cache (import, lookup, search, status).
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "The offline catalog cache: import a snapshot or delta, look up a code, search by name.",
        subcommands: [
            CatalogImportCommand.self, CatalogLookupCommand.self, CatalogSearchCommand.self, CatalogStatusCommand.self,
            CatalogGenerateCommand.self, CatalogCrashHelperCommand.self, CatalogBenchCommand.self,
        ]
    )
}

/// `--db FILE`, shared by the catalog subcommands.
struct DatabaseOption: ParsableArguments {
    @Option(name: .customLong("db"), help: "The store's SQLite file (env SELFSCAN_DB).")
    var path: String = ProcessInfo.processInfo.environment["SELFSCAN_DB"] ?? "selfscan.sqlite"

    func open() throws -> StoreDatabase { try StoreDatabase.open(atPath: path) }
}

struct CatalogImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Streams a catalog snapshot or delta file (JSON Lines, docs/catalog-format.md) into the cache.",
        discussion: "Applied in one transaction with its version: a cut or altered file changes nothing.")

    @OptionGroup var database: DatabaseOption
    @Argument(help: "The catalog file.") var file: String

    func run() async throws {
        let start = ContinuousClock.now
        let cache = CatalogCache(database: try database.open())
        let opened = ContinuousClock.now
        let result = try cache.apply(fileAt: file)
        let end = ContinuousClock.now
        func milliseconds(_ span: Duration) -> Double {
            Double(span.components.seconds) * 1e3 + Double(span.components.attoseconds) / 1e15
        }
        // Open (file, migrations check) and apply (read, write, fsynced commit) apart; the total last.
        print(
            "applied \(result.kind.rawValue) \(result.version) (was \(result.previousVersion)): "
                + "\(result.recordCount) records, \(result.productCount) products, "
                + String(format: "open %.1f ms, apply %.1f ms, %.3f s", milliseconds(opened - start),
                    milliseconds(end - opened), milliseconds(end - start) / 1e3))
    }
}

struct CatalogLookupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
        abstract: "Looks up a GTIN (8/12/13/14 digits), internal code or item reference in the cache.")

    @OptionGroup var database: DatabaseOption
    @Flag(name: .long, help: "Print JSON.") var json = false
    @Argument(help: "The code.") var code: String

    func run() async throws {
        let cache = CatalogCache(database: try database.open())
        guard let answer = try cache.answer(code: code) else {
            let version = try cache.state()?.version.description ?? "none (import a snapshot first)"
            if json {
                print(#"{"error":{"code":"notFound","message":"no product for this code","catalogVersion":"\#(version)"}}"#)
            } else {
                print("no product for '\(code)' in catalog \(version)")
            }
            throw ExitCode(2)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(answer), as: UTF8.self))
        } else {
            print(answer.text)
        }
    }
}

struct CatalogSearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Searches products by name (accents and case folded, word prefixes).")

    @OptionGroup var database: DatabaseOption
    @Option(help: "At most this many results.") var limit = 20
    @Argument(help: "Words of the name.") var words: [String]

    func run() async throws {
        guard let lookup = try CatalogCache(database: try database.open()).lookup() else {
            throw ValidationError("the catalog is empty: import a snapshot first")
        }
        for product in try lookup.search(name: words.joined(separator: " "), limit: limit) {
            print("\(product.id)\t\(product.pricing.price)\t\(product.name)")
        }
    }
}

struct CatalogStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Catalog version and age, outbox depth, database integrity.")

    @OptionGroup var database: DatabaseOption
    @Flag(help: "Also run PRAGMA integrity_check (reads the whole file).") var integrity = false

    func run() async throws {
        let store = try database.open()
        if let state = try CatalogCache(database: store).state() {
            print("catalog \(state.version) (\(state.lastKind.rawValue)), \(state.currency), applied \(Int(state.age())) s ago")
        } else {
            print("catalog: empty")
        }
        let outbox = try Outbox(database: store).status()
        print("outbox: \(outbox.depth) unsent\(outbox.alarm ? " (ALARM)" : ""), oldest \(outbox.oldestUnsentAt.map { "\($0)" } ?? "-")")
        if integrity { print("integrity: " + (try store.integrityCheck()).joined(separator: "; ")) }
    }
}

/// Hidden: writes a synthetic snapshot (scripts/gen-catalog).
struct CatalogGenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Writes a synthetic catalog snapshot.", shouldDisplay: false)

    @Option(help: "Number of products.") var products: Int
    @Option(help: "Catalog version in the header.") var version: Int64 = 1
    @Option(help: "Seed.") var seed: UInt64 = 42
    @Option(help: "Minor units added to every price.") var priceShift: Int64 = 0
    @Flag(help: "Leave out the stock records.") var noStock = false
    @Option(help: "Also write the product and GTIN rows as CSV files in this directory (sqlite3 benchmark).")
    var csvDirectory: String?
    @Argument(help: "Output file.") var output: String

    func validate() throws {
        guard products >= 0 else { throw ValidationError("--products must be ≥ 0") }
    }

    func run() async throws {
        var catalog = SyntheticCatalog(productCount: products, version: CatalogVersion(version))
        catalog.seed = seed
        catalog.priceShift = priceShift
        catalog.includeStock = !noStock
        let trailer = try catalog.write(toPath: output)
        if let csvDirectory { try SyntheticCatalogCSV(catalog: catalog).write(toDirectory: csvDirectory) }
        print("wrote \(output): \(trailer.recordCount) records, sha256 \(trailer.sha256)")
    }
}

/// Hidden: the crash test's child process. Prints one line per durable step, then is SIGKILLed.
struct CatalogCrashHelperCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crash-helper", abstract: "Imports or scans in a loop (crash tests).", shouldDisplay: false)

    @OptionGroup var database: DatabaseOption
    @Option(help: "import: apply each FILE in turn; scan: append scans forever.") var mode: String
    @Argument(help: "Catalog files (import mode).") var files: [String] = []

    func run() async throws {
        let store = try database.open()
        let out = FileHandle.standardOutput
        switch mode {
        case "import":
            for file in files {
                let result = try CatalogCache(database: store).apply(fileAt: file)
                out.write(Data("applied \(result.version.rawValue)\n".utf8))
            }
        case "scan":
            try StorageDrill.appendScans(database: store, scans: .max, basketSize: 200) { id, _ in
                out.write(Data("ack \(id.uuidString)\n".utf8))
            }
        default:
            throw ValidationError("--mode is import or scan")
        }
    }
}

/// Hidden: lookup and scan latency measurements (scripts/bench-storage).
struct CatalogBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measures GTIN lookup and durable scan latency.", shouldDisplay: false)

    @OptionGroup var database: DatabaseOption
    @Option(help: "Products in the synthetic catalog already imported.") var catalogSize: Int
    @Option(help: "GTIN lookups to time.") var lookups = 100_000
    @Option(help: "Scans to time (durable appends).") var scans = 2_000
    @Option(help: "Lines per basket.") var basketSize = 200

    func run() async throws {
        let store = try database.open()
        let lookupTimes = try StorageDrill.lookUpGTINs(database: store, count: lookups, catalogSize: catalogSize)
        var scanTimes: [Duration] = []
        try StorageDrill.appendScans(database: store, scans: scans, basketSize: basketSize, catalogSize: catalogSize) {
            _, latency in scanTimes.append(latency)
        }
        func micros(_ duration: Duration) -> String {
            let value = Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
            return String(format: "%.1f", value)
        }
        for (name, times) in [("gtin_lookup", lookupTimes), ("scan_durable", scanTimes)] {
            print(
                "\(name) n=\(times.count) p50_us=\(micros(StorageDrill.percentile(50, of: times))) "
                    + "p99_us=\(micros(StorageDrill.percentile(99, of: times))) "
                    + "max_us=\(micros(StorageDrill.percentile(100, of: times)))")
        }
    }
}
