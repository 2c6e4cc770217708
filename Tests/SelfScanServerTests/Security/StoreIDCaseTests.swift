import Foundation
import HTTPTypes
import Hummingbird
import SelfScanDemo
import SelfScanAPI
import SelfScanCore
import SelfScanServer
import SelfScanSync
import Testing
import SelfScanTestSupport

/// Issue 15 item 11: `serve --check` accepted `FR-PARIS-0042` while `referential create-store` refused it, and
/// a case mismatch made every push 403 while the status said "online".
@Suite("Store id case")
struct StoreIDCaseTests {
    @Test func configLowerCasesTheStoreIDAndRefusesWhatNoCaseFixes() throws {
        let config = try DaemonConfig.parse(json: Data(#"{"store":"FR-PARIS-0042","device":"k1","role":"kiosk","dataDir":"/x"}"#.utf8))
        #expect(config.store == "fr-paris-0042")
        #expect(ProtocolIdentifiers.isValidStoreID(config.store))
        do {
            _ = try DaemonConfig.parse(json: Data(#"{"store":"FR_PARIS 42","device":"k1","role":"kiosk","dataDir":"/x"}"#.utf8))
            Issue.record("a store id with '_' and a space was accepted")
        } catch {
            #expect(error.path == "store")
        }
    }

    @Test func sampleConfigParsesWithAPBKDF2PinAndLowerCaseStore() throws {
        let path = ServeChild.packageRoot + "/scripts/selfscan.sample.json"
        let config = try DaemonConfig.load(path: path)
        #expect(config.store == "fr-paris-0042")
        guard case .pbkdf2(let hash) = try #require(config.staff.first).credential else {
            Issue.record("the sample config still stores an unsalted SHA-256 PIN")
            return
        }
        #expect(hash.matches(pin: "1234"))
    }

    /// Runs the real binary: `serve --check` and `referential create-store` name the store the same way.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: ServeChild.binary)))
    func serveCheckAndCreateStoreAgree() throws {
        let directory = try makeTemporaryDirectory("store-case")
        let configPath = "\(directory)/selfscan.json"
        try Data(#"{"store":"FR-PARIS-0042","device":"k1","role":"kiosk","dataDir":"\#(directory)/data"}"#.utf8)
            .write(to: URL(fileURLWithPath: configPath))
        func run(_ arguments: [String]) throws -> (Int32, String) {
            let result = try ChildProcess.run(ServeChild.binary, arguments, mergeErrors: true)
            return (result.status, String(decoding: result.stdout, as: UTF8.self))
        }
        let check = try run(["serve", "--config", configPath, "--check"])
        #expect(check.0 == 0)
        #expect(check.1.contains("store fr-paris-0042"))
        let created = try run(["referential", "create-store", "FR-PARIS-0042", "--db", "sqlite:\(directory)/ref.sqlite"])
        #expect(created.0 == 0, "\(created.1)")
        #expect(created.1.contains("created store fr-paris-0042"))
        let token = try run(["referential", "issue-token", "--store", "FR-Paris-0042", "--device", "k1", "--db", "sqlite:\(directory)/ref.sqlite"])
        #expect(token.0 == 0, "\(token.1)")
        let revoked = try run(["referential", "revoke-device", "--store", "fr-paris-0042", "--device", "k1", "--db", "sqlite:\(directory)/ref.sqlite"])
        #expect(revoked.0 == 0, "\(revoked.1)")
        #expect(revoked.1.contains("revoked 1 token"))
    }

    @Test func refusedPushesShowAsRefusedNotOnline() async throws {
        try await EmbeddedReferential.with { referential in
            let token = try await referential.token(store: "fr-1", device: "kiosk-1")
            var config = testConfig(dataDirectory: try makeTemporaryDirectory())
            config.store = "FR-1"  // what an unnormalised config used to hold: the token is for fr-1
            config.catalogSeed = .frenchHypermarketDemo
            config.referential = .init(url: referential.url, token: token)
            try await withLiveDaemon(config) { daemon, client in
                let sync = try #require(daemon.sync)
                let opened = try await client.json(.post, "/v1/sessions", body: [:])
                let id = try #require((opened.body["session"] as? [String: Any])?["id"] as? String)
                let shopper = SessionTripTests.sessionHeaders(try #require(opened.body["token"] as? String))
                _ = try await client.json(
                    .post, "/v1/sessions/\(id)/scans", body: ["payload": try DemoCodes.ean(DemoCatalog.yogurt)], headers: shopper)
                _ = await sync.pushOnce()
                #expect(sync.status.connectivity == .refused)
                #expect(sync.status.lastError?.contains("403") == true)
                // A catalog pull still succeeds with this token: the status must not flip back to online.
                _ = await sync.pullOnce()
                #expect(sync.status.connectivity == .refused)
                let status = try await client.json(.get, "/v1/sync")
                #expect(status.body["connectivity"] as? String == "refused")
            }
        }
    }
}
