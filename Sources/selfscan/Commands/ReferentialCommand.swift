import SelfScanTooling
import ArgumentParser
import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import SelfScanServer
import SelfScanSync

/// `selfscan referential`: the central referential server and its admin commands.
struct ReferentialCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "referential",
        abstract: "Central referential: products, prices, stock, customers; receives baskets and payments.",
        subcommands: [
            Serve.self, CreateStore.self, IssueToken.self, RevokeDevice.self, ImportCatalog.self, SetPrice.self, SetStock.self,
            AddCustomer.self, ListBaskets.self, ListPayments.self, DayTotals.self, Bench.self,
            EraseCustomer.self, ExportCustomer.self, SetConsent.self, ErasureLog.self, IssueAdminToken.self, RotateCardKey.self,
            PublishSuggestions.self,
            TargetOffer.self,
        ])

    /// `--db`, shared by every subcommand.
    struct DatabaseOption: ParsableArguments {
        @Option(help: "sqlite:PATH or postgres://user@host:port/db[?schema=S] (env SELFSCAN_REFERENTIAL_DB)")
        var db: String = ProcessInfo.processInfo.environment["SELFSCAN_REFERENTIAL_DB"] ?? "sqlite:selfscan-referential.sqlite"

        func location() throws -> DatabaseLocation {
            do { return try DatabaseLocation(db) } catch { throw ValidationError(error.description) }
        }

        func admin() throws -> ReferentialAdmin { ReferentialAdmin(location: try location()) }
    }

    /// `--store` and `--device`: the device a token is issued to or revoked from.
    struct DeviceOption: ParsableArguments {
        @Option(help: "Store the device belongs to.") var store: String
        @Option(help: "Device id.") var device: String

        func storeID() throws -> StoreID { try ReferentialCommand.storeID(store) }
        func deviceID() throws -> DeviceID { try ReferentialCommand.deviceID(device) }
    }

    /// Store ids are lower-case; an upper-case id is lower-cased exactly as `serve` does with its config's
    /// `store` (`DaemonConfig.normaliseStoreID`), so both sides always name the store the same way.
    static func storeID(_ text: String) throws -> StoreID {
        let lowered = text.lowercased()
        guard ProtocolIdentifiers.isValidStoreID(lowered) else {
            throw ValidationError("invalid store id '\(text)' (letters, digits, '-'; 1…64; stored lower-case)")
        }
        return StoreID(lowered)
    }

    static func deviceID(_ text: String) throws -> DeviceID {
        guard ProtocolIdentifiers.isValidKey(text) else {
            throw ValidationError("invalid device id '\(text)' (printable ASCII without spaces, 1…128)")
        }
        return DeviceID(text)
    }

    static func gtin(_ text: String) throws -> GTIN {
        do { return try GTIN(text) } catch { throw ValidationError("'\(text)' is not a valid GTIN: \(error)") }
    }

    static func printAll(_ lines: [String]) {
        for line in lines { print(line) }
    }

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Serve the /v1 protocol over HTTP.")
        @OptionGroup var database: DatabaseOption
        @Option(help: "Address to listen on.") var host = "127.0.0.1"
        @Option(help: "Port (0 picks a free one).") var port = 8090
        @Option(
            help: "File whose first line is the bearer token Prometheus scrapes GET /v1/metrics with (absent: 404).")
        var metricsTokenFile: String?

        func run() async throws {
            let location = try database.location()
            let metricsToken = try metricsTokenFile.map(Self.readMetricsToken)
            // Control characters in logged paths and tokens are escaped (one request, one log line).
            DaemonLogging.bootstrap(format: .text, level: .info)
            let server = ReferentialServer(
                configuration: ReferentialServerConfiguration(
                    database: location, host: host, port: port, metricsToken: metricsToken),
                onServerRunning: { port in
                    print("referential listening on http://\(host):\(port) (\(location))")
                    fflush(nil)
                })
            try await server.runUntilSignalled()
        }

        /// The metrics token: the file's first line, at least 16 characters (a secret, not an id).
        static func readMetricsToken(_ path: String) throws -> String {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ValidationError("cannot read --metrics-token-file \(path)")
            }
            let token = text.split(whereSeparator: \.isNewline).first.map(String.init)?
                .trimmingCharacters(in: .whitespaces) ?? ""
            guard token.count >= 16, !token.contains(" ") else {
                throw ValidationError("--metrics-token-file \(path): the first line must be a token of 16+ characters, no spaces")
            }
            return token
        }
    }

    struct CreateStore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create-store", abstract: "Create a store.")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "Store id (letters, digits, '-'; stored lower-case, as `serve` reads its config).") var id: String
        @Option(help: "Display name.") var name: String?
        @Option(help: "chargeScanPrice or chargeCurrentPrice.") var priceRule = "chargeScanPrice"

        func run() async throws {
            guard let rule = PriceConflictRule(rawValue: priceRule) else {
                throw ValidationError("--price-rule must be chargeScanPrice or chargeCurrentPrice")
            }
            let store = try ReferentialCommand.storeID(id)
            printAll(try await database.admin().createStore(id: store, name: name ?? id, rule: rule))
        }
    }

    struct IssueToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "issue-token", abstract: "Issue a device bearer token (printed once, stored hashed).")
        @OptionGroup var database: DatabaseOption
        @OptionGroup var target: DeviceOption

        func run() async throws {
            print(try await database.admin().issueToken(store: try target.storeID(), device: try target.deviceID()))
        }
    }

    struct RevokeDevice: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke-device",
            abstract: "Revoke every bearer token of a device (lost or stolen): its next request is refused 401.")
        @OptionGroup var database: DatabaseOption
        @OptionGroup var target: DeviceOption

        func run() async throws {
            printAll(try await database.admin().revokeDevice(store: try target.storeID(), device: try target.deviceID()))
        }
    }

    struct ImportCatalog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-catalog", abstract: "Import products from catalog JSON Lines or CSV (a new version).")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "Catalog-format JSON Lines (docs/catalog-format.md) or .csv (id,gtin,name,price,currency,vat_bp[,minimum_age]).")
        var file: String

        func run() async throws { printAll(try await database.admin().importCatalog(path: file)) }
    }

    struct SetPrice: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-price", abstract: "Change a price (a new catalog version and delta).")
        @OptionGroup var database: DatabaseOption
        @Argument var gtin: String
        @Argument(help: "Decimal price, e.g. 2.49.") var price: String

        func run() async throws {
            printAll(try await database.admin().setPrice(gtin: try ReferentialCommand.gtin(gtin), price: price))
        }
    }

    struct SetStock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-stock", abstract: "Set units on hand.")
        @OptionGroup var database: DatabaseOption
        @Option var store: String
        @Argument var gtin: String
        @Argument var quantity: Int64

        func run() async throws {
            printAll(
                try await database.admin().setStock(
                    store: try ReferentialCommand.storeID(store), gtin: try ReferentialCommand.gtin(gtin),
                    quantity: quantity))
        }
    }

    struct AddCustomer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-customer", abstract: "Create or replace a loyalty customer (a new catalog version).")
        @OptionGroup var database: DatabaseOption
        @Option(help: "Customer id.") var id: String
        @Option(help: "Card code (repeat for several).") var card: [String]
        @Option(help: "standard, silver or gold.") var tier = "standard"
        @Option(help: "Promotion id of a personal offer (repeat for several).") var offer: [String] = []

        func run() async throws {
            let tiers: [String: LoyaltyTier] = ["standard": .standard, "silver": .silver, "gold": .gold]
            guard let loyaltyTier = tiers[tier] else { throw ValidationError("unknown tier \(tier)") }
            printAll(
                try await database.admin().addCustomer(
                    LoyaltyCustomer(
                        id: CustomerID(id), cardCodes: card, tier: loyaltyTier, personalOffers: offer.map { PromotionID($0) })))
        }
    }

    struct ListBaskets: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list-baskets", abstract: "List ingested baskets.")
        @OptionGroup var database: DatabaseOption
        @Option var store: String?

        func run() async throws {
            printAll(try await database.admin().listBaskets(store: try store.map(ReferentialCommand.storeID)))
        }
    }

    struct ListPayments: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list-payments", abstract: "List ingested payments.")
        @OptionGroup var database: DatabaseOption
        @Option var store: String?

        func run() async throws {
            printAll(try await database.admin().listPayments(store: try store.map(ReferentialCommand.storeID)))
        }
    }

    struct DayTotals: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "day-totals", abstract: "A store's day totals.")
        @OptionGroup var database: DatabaseOption
        @Option var store: String
        @Option(help: "YYYY-MM-DD (UTC); default today.") var day: String?

        func run() async throws {
            let day = self.day ?? String(ProtocolJSON.text(of: Date()).prefix(10))
            printAll(try await database.admin().dayTotals(store: try ReferentialCommand.storeID(store), day: day))
        }
    }

    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure ingest throughput and catalog delta apply time (server on loopback over --db).")
        @OptionGroup var database: DatabaseOption
        @Option(help: "Paid baskets to ingest (3 items each).") var baskets = 5000
        @Option(help: "Items per ingest request.") var batch = 200
        @Option(help: "Ingest requests in flight (HTTP clients); the database pool is the URL's `connections=N`.")
        var concurrency = 4
        @Option(help: "Catalog size.") var products = 10_000
        @Option(help: "Price changes in the measured delta.") var changes = 500
        @Option(help: "Ingest items per basket (≥ 3): events, the closed basket, its payment.") var lines = 3
        @Flag(help: "Measure ingest only (no catalog).") var ingestOnly = false

        func run() async throws {
            var bench = ReferentialBenchmark(location: try database.location())
            bench.baskets = baskets
            bench.batchSize = batch
            bench.concurrency = concurrency
            bench.products = products
            bench.priceChanges = changes
            bench.itemsPerBasket = lines
            bench.ingestOnly = ingestOnly
            printAll(try await bench.run())
        }
    }
}
