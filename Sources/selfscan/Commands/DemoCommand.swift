import ArgumentParser
import Foundation
import SelfScanDemo
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import SelfScanServer
import SelfScanStorage

/// `selfscan demo`: one process with the store daemon on the seeded French hypermarket catalog, a simulated
/// scanner replaying a shopping trip (logged line by line), and the kiosk page on http://127.0.0.1:8080.
/// Ctrl-C stops it cleanly.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the demo: store daemon + seeded catalog + simulated scanner trip + kiosk page.")

    @Option(name: .long, help: "HTTP port of the kiosk page and API (loopback).")
    var port: Int = 8080

    @Option(name: .long, help: "Data directory (default: a fresh temporary directory).")
    var dataDir: String?

    @Option(name: .long, help: "HTTP port of the embedded referential (loopback).")
    var referentialPort: Int = 8090

    @Option(
        name: .long,
        help: "URL the daemon reaches the embedded referential at (default http://127.0.0.1:<referential-port>; tests put a proxy they can stop in between).")
    var referentialURL: String?

    @Flag(name: .long, help: "Run without the embedded referential (the daemon sells offline).")
    var noReferential = false

    @Flag(name: .long, help: "Do not replay the simulated shopping trip.")
    var noTrip = false

    @Option(name: .long, help: "Pause between simulated scans, in milliseconds.")
    var scanPauseMs: Int = 1200

    @Flag(name: .long, help: "Pay on the in-process simulated terminal instead of the Caisse-AP simulator over TCP.")
    var inProcessTerminal = false

    @Option(
        name: .long, parsing: .upToNextOption,
        help: "Caisse-AP simulator: behaviours of the next debits and credits, in order, then approve (also scriptable with PUT /v1/payment-terminal/script).")
    var terminalScript: [String] = []

    @Option(
        name: .customLong("terminal-amount"),
        help: "Caisse-AP simulator: MINOR=BEHAVIOUR, a debit or credit of that amount (minor units) always takes that behaviour (repeatable).")
    var terminalAmountRules: [String] = []

    @Option(name: .long, help: "How long the daemon waits for the terminal's answer, in milliseconds.")
    var terminalAnswerTimeoutMs: Int = 120_000
    @Option(name: .long, help: "Print receipts on the USB receipt printer matched by these printer profiles (e.g. devices/printers).")
    var printerProfiles: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard (0...60_000).contains(scanPauseMs) else { throw ValidationError("--scan-pause-ms must be 0…60000") }
        guard (100...600_000).contains(terminalAnswerTimeoutMs) else {
            throw ValidationError("--terminal-answer-timeout-ms must be 100…600000")
        }
        _ = try TerminalSimScript.behaviours(terminalScript)
        _ = try TerminalSimScript.amountRules(terminalAmountRules)
        if let referentialURL, !(referentialURL.hasPrefix("http://") || referentialURL.hasPrefix("https://")) {
            throw ValidationError("--referential-url must be an http(s) URL")
        }
    }

    func run() async throws {
        let directory =
            dataDir ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("selfscan-demo-\(ProcessInfo.processInfo.processIdentifier)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        DaemonLogging.bootstrap(format: .text, level: .info)
        var referential: DaemonConfig.Referential?
        var referentialServer: ReferentialServer?
        if !noReferential {
            let location = DatabaseLocation.sqlite(path: "\(directory)/referential.sqlite")
            let token = try await Self.seedReferential(location: location, directory: directory)
            referential = .init(url: referentialURL ?? "http://127.0.0.1:\(referentialPort)", token: token)
            referentialServer = ReferentialServer(
                configuration: .init(database: location, host: "127.0.0.1", port: referentialPort))
        }
        var config = DaemonConfig(
            store: DemoCatalog.storeID.rawValue, device: "kiosk-demo", role: .store,
            listen: .init(host: "127.0.0.1", port: port), dataDirectory: directory, logLevel: .info,
            staff: [
                DaemonConfig.StaffMember(
                    id: "S001", name: "Démo", badge: "selfscan:badge:S001",
                    pinHash: PINHash.make(pin: "1234"),
                    roles: [.supervisor])
            ],
            catalogSeed: .frenchHypermarketDemo)
        config.referential = referential
        config.printer = printerProfiles.map { PrinterConfig(profilesDirectory: $0, pollMillis: 250) }
        // Payment goes through Caisse-AP over TCP to a simulated terminal on a free loopback port.
        let terminalSimulator =
            inProcessTerminal ? nil : try CaisseAPSimulator(port: 0, script: try TerminalSimScript.behaviours(terminalScript))
        if let terminalSimulator {
            terminalSimulator.setAmountRules(try TerminalSimScript.amountRules(terminalAmountRules))
            config.payment = .init(
                terminal: .caisseAP,
                caisseAP: .init(
                    host: "127.0.0.1", port: terminalSimulator.port,
                    answerTimeout: .milliseconds(terminalAnswerTimeoutMs)))
        }
        defer { terminalSimulator?.stop() }
        let terminalText =
            terminalSimulator.map { "Caisse-AP simulator on 127.0.0.1:\($0.port) (TCP)" } ?? "in-process simulator"
        let store = config.store
        let referentialText = referential.map { "\($0.url) (embedded, SQLite)" } ?? "none (offline)"
        let daemon = try await Daemon.open(config: config, scriptableTerminal: terminalSimulator)
        let app = try buildDemoApplication(
            daemon: daemon, trip: !noTrip, pause: .milliseconds(scanPauseMs), referential: referentialServer
        ) { boundPort in
            print(
                """

                  SelfScan demo — store \(store), data in \(directory)
                  Kiosk page:    http://127.0.0.1:\(boundPort)/
                  Handheld page: http://127.0.0.1:\(boundPort)/handheld.html  (staff badge S001, PIN 1234)
                  API:           http://127.0.0.1:\(boundPort)/v1/status   (docs/api.md)
                  Referential:   \(referentialText)
                  Terminal:      \(terminalText)
                  Ctrl-C to stop.

                """)
            fflush(nil)
        }
        try await app.runService()
    }

    /// `DemoBasketHistory` as closed baskets (totals at catalog prices), one a minute over the past days.
    static func demoBasketHistory() -> [ClosedBasketPayload] {
        let products = Dictionary(
            DemoCatalog.frenchHypermarket().products.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let start = Date().addingTimeInterval(-7 * 86_400)
        return DemoBasketHistory.baskets().enumerated().map { index, ids in
            let minor = ids.compactMap { products[$0]?.pricing.price.minor }.reduce(0, +)
            return ClosedBasketPayload(
                sessionID: "demo-history-\(index + 1)", closedAt: start.addingTimeInterval(Double(index) * 60),
                total: Money(minor: minor, currency: DemoCatalog.currency), lineCount: ids.count,
                products: ids.map(\.rawValue).sorted())
        }
    }

    /// The embedded referential's first run: the demo store, the seeded catalog, and a device token.
    /// Later runs on the same data dir reuse them (the token is kept in the data dir).
    static func seedReferential(location: DatabaseLocation, directory: String) async throws -> String {
        let tokenPath = "\(directory)/referential-device-token"
        if let saved = FileManager.default.contents(atPath: tokenPath), !saved.isEmpty {
            return String(decoding: saved, as: UTF8.self)
        }
        let admin = ReferentialAdmin(location: location)
        _ = try await admin.createStore(id: DemoCatalog.storeID, name: "Hypermarché démo", rule: .chargeScanPrice)
        let snapshot = DemoCatalog.frenchHypermarket()
        let catalogPath = "\(directory)/demo-catalog.jsonl"
        let writer = try CatalogFileWriter(
            path: catalogPath,
            header: .snapshot(version: snapshot.version, currency: snapshot.currency, createdAt: Date()))
        for product in snapshot.products { try writer.write(.product(product)) }
        for promotion in snapshot.promotions { try writer.write(.promotion(promotion)) }
        for customer in snapshot.customers { try writer.write(.customer(customer)) }
        _ = try writer.finish()
        _ = try await admin.importCatalog(path: catalogPath)
        // Click & collect: neighbour stores and stock, as a later catalog version (daemons pull it as a delta).
        for neighbour in DemoClickAndCollect.neighbours {
            _ = try await admin.createStore(id: neighbour.id, name: neighbour.name, rule: .chargeScanPrice)
        }
        _ = try await admin.setStock(DemoClickAndCollect.stockLevels())
        // "Often bought with": a small basket history, counted and published as suggestions.
        _ = try await admin.ingestBaskets(
            Self.demoBasketHistory(), store: DemoCatalog.storeID, device: DeviceID("history"))
        _ = try await admin.publishSuggestions()
        let token = try await admin.issueToken(store: DemoCatalog.storeID, device: DeviceID("kiosk-demo"))
        FileManager.default.createFile(atPath: tokenPath, contents: Data(token.utf8), attributes: [.posixPermissions: 0o600])
        return token
    }
}
