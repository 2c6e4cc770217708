import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SelfScanDemo
import SelfScanCore
import SelfScanServer
import Testing

/// Issue 15 item 7: all 10,000 PINs were tried in 18 s through `POST /v1/staff/login`, and the right one still
/// worked after 9,999 failures. Attacked over real HTTP with the daemon's clock moved by hand (no sleeps).
@Suite("Staff PIN brute force and loyalty card enumeration")
struct StaffLoginLockoutTests {
    private func login(_ client: some TestClientProtocol, badge: String, pin: String) async throws -> (HTTPResponse.Status, String?, String?) {
        let body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["badge": badge, "pin": pin, "role": "attendant"]))
        return try await client.execute(
            uri: "/v1/staff/login", method: .post, headers: [.contentType: "application/json"], body: body
        ) { response in
            let object = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
            return (response.status, errorCode(object), response.headers[.retryAfter])
        }
    }

    @Test func pinBruteForceLocksTheBadgeWithGrowingLockoutsAndAlertsStaff() async throws {
        let clock = TestClock()
        try await withLiveDaemon(testConfig(dataDirectory: try makeTemporaryDirectory()), clock: clock) { _, client in
            for pin in ["0000", "0001", "0002", "0003"] {
                let (status, code, _) = try await login(client, badge: "BADGE-S100", pin: pin)
                #expect(status == .unauthorized)
                #expect(code == "badCredentials")
            }
            // The fifth wrong PIN locks the badge for 30 s.
            let (fifth, fifthCode, retry) = try await login(client, badge: "BADGE-S100", pin: "0004")
            #expect(fifth == .tooManyRequests)
            #expect(fifthCode == "staffLoginLocked")
            #expect(retry == "30")
            // Locked: even the right PIN is refused.
            let (right, rightCode, _) = try await login(client, badge: "BADGE-S100", pin: "1234")
            #expect(right == .tooManyRequests)
            #expect(rightCode == "staffLoginLocked")
            // Another badge is not locked (the client is under its own limit); staff see a security alert.
            let supervisor = try await client.staffHeaders(badge: "BADGE-S200", pin: "4321", role: "supervisor")
            let alerts = try await client.json(.get, "/v1/staff/alerts", headers: supervisor)
            let list = try #require(alerts.body["alerts"] as? [[String: Any]])
            #expect(list.contains { $0["kind"] as? String == "security" && $0["code"] as? String == "staffLoginLocked" })
            // After the lockout, one more wrong PIN locks it again, twice as long.
            clock.advance(by: 31)
            let (again, _, longer) = try await login(client, badge: "BADGE-S100", pin: "0005")
            #expect(again == .tooManyRequests)
            #expect(longer == "60")
            clock.advance(by: 59)
            #expect(try await login(client, badge: "BADGE-S100", pin: "1234").0 == .tooManyRequests)
            clock.advance(by: 2)
            // The right PIN works once the lock is over, and resets the count.
            #expect(try await login(client, badge: "BADGE-S100", pin: "1234").0 == .created)
            #expect(try await login(client, badge: "BADGE-S100", pin: "9999").0 == .unauthorized)
        }
    }

    @Test func oneClientTryingManyBadgesIsLockedOut() async throws {
        let clock = TestClock()
        try await withLiveDaemon(testConfig(dataDirectory: try makeTemporaryDirectory()), clock: clock) { _, client in
            // 10 failures in a row from one client, each on its own (unknown) badge: no badge reaches 5.
            var statuses: [HTTPResponse.Status] = []
            for index in 0..<10 {
                statuses.append(try await login(client, badge: "GUESS-\(index)", pin: "1234").0)
            }
            #expect(statuses.dropLast().allSatisfy { $0 == .unauthorized })
            #expect(statuses.last == .tooManyRequests)
            // The whole client is locked, even for a real member's right PIN.
            let (status, code, retry) = try await login(client, badge: "BADGE-S100", pin: "1234")
            #expect(status == .tooManyRequests)
            #expect(code == "staffLoginLocked")
            #expect(retry.flatMap(Int.init).map { $0 > 0 && $0 <= 30 } == true)
            clock.advance(by: 31)
            #expect(try await login(client, badge: "BADGE-S100", pin: "1234").0 == .created)
        }
    }

    @Test func pinsAreStoredAsSaltedPBKDF2AndOldSHA256ConfigsStillWork() async throws {
        let first = PINHash.make(pin: "2468", rounds: 1_000)
        let second = PINHash.make(pin: "2468", rounds: 1_000)
        #expect(first.matches(pin: "2468"))
        #expect(!first.matches(pin: "2469"))
        #expect(first.text != second.text)  // salted: one PIN, two hashes
        #expect(first.text.hasPrefix("pbkdf2-sha256$1000$"))
        #expect(PINHash(first.text) == first)
        // The config file takes `pinHash`, refuses too few rounds, and still reads the legacy `pinSHA256`.
        let strong = PINHash.make(pin: "2468")
        let parsed = try DaemonConfig.parse(
            json: Data(
                """
                {"store":"fr-1","device":"k1","role":"kiosk","dataDir":"/tmp/x","staff":[
                 {"id":"S1","badge":"B1","pinHash":"\(strong.text)","roles":["attendant"]},
                 {"id":"S2","badge":"B2","pinSHA256":"\(StaffAuthenticator.pinHash(staffID: "S2", pin: "1357"))","roles":["attendant"]}]}
                """.utf8))
        #expect(parsed.staff.first?.credential == .pbkdf2(strong))
        do {
            _ = try DaemonConfig.parse(
                json: Data(
                    #"{"store":"fr-1","device":"k1","role":"kiosk","dataDir":"/x","staff":[{"id":"S1","badge":"B1","pinHash":"\#(first.text)","roles":["attendant"]}]}"#
                        .utf8))
            Issue.record("a 1,000-round pinHash was accepted from a config file")
        } catch {
            #expect(error.path == "staff[0].pinHash")
        }
        // Both kinds log in over HTTP.
        var config = testConfig(dataDirectory: try makeTemporaryDirectory())
        config.staff = parsed.staff
        try await withLiveDaemon(config) { _, client in
            let pbkdf2 = try await login(client, badge: "B1", pin: "2468")
            let wrong = try await login(client, badge: "B1", pin: "2469")
            let legacy = try await login(client, badge: "B2", pin: "1357")
            #expect(pbkdf2.0 == .created)
            #expect(wrong.0 == .unauthorized)
            #expect(legacy.0 == .created)
        }
    }

    @Test func loyaltyCardEnumerationIsRateLimitedAndEchoesNoCustomer() async throws {
        let clock = TestClock()
        var config = testConfig(dataDirectory: try makeTemporaryDirectory())
        config.catalogSeed = .frenchHypermarketDemo
        try await withLiveDaemon(config, clock: clock) { _, client in
            var statuses: [HTTPResponse.Status] = []
            var codes: [String?] = []
            for index in 0..<10 {
                let answer = try await client.json(.post, "/v1/sessions", body: ["loyaltyCard": "04200000\(10_000 + index)"])
                statuses.append(answer.status)
                codes.append(errorCode(answer.body))
            }
            #expect(statuses.dropLast().allSatisfy { $0 == .unprocessableContent })
            #expect(statuses.last == .tooManyRequests)
            #expect(codes.last == "tooManyCardLookups")
            // Locked: a real card too (no oracle while locked); anonymous sessions still open.
            #expect(try await client.json(.post, "/v1/sessions", body: ["loyaltyCard": DemoCatalog.marieCard]).status == .tooManyRequests)
            #expect(try await client.json(.post, "/v1/sessions", body: [:]).status == .created)
            clock.advance(by: 31)
            let marie = try await client.json(.post, "/v1/sessions", body: ["loyaltyCard": DemoCatalog.marieCard])
            #expect(marie.status == .created)
            let customer = try #require((marie.body["session"] as? [String: Any])?["customer"] as? [String: Any])
            #expect(customer["identified"] as? Bool == true)
            #expect(customer["id"] == nil)
            #expect(customer["tier"] == nil)
        }
    }

    /// Scanning card numbers into an open session is the same lookup: limited the same way.
    @Test func loyaltyCardsScannedIntoASessionAreLimitedToo() async throws {
        let clock = TestClock()
        var config = testConfig(dataDirectory: try makeTemporaryDirectory())
        config.catalogSeed = .frenchHypermarketDemo
        try await withLiveDaemon(config, clock: clock) { _, client in
            let opened = try await client.json(.post, "/v1/sessions", body: [:])
            let id = try #require((opened.body["session"] as? [String: Any])?["id"] as? String)
            let shopper = SessionTripTests.sessionHeaders(try #require(opened.body["token"] as? String))
            func card(_ number: Int) -> String {
                let body = "0420000" + String(90_000 + number)
                return body + String(GTIN.checkDigit(of: body.map { Int(String($0)) ?? 0 }))
            }
            var codes: [String?] = []
            for number in 0..<10 {
                let answer = try await client.json(.post, "/v1/sessions/\(id)/scans", body: ["payload": card(number)], headers: shopper)
                codes.append(errorCode(answer.body))
            }
            #expect(codes.dropLast().allSatisfy { $0 == "unknownLoyaltyCard" }, "\(codes)")
            #expect(codes.last == "tooManyCardLookups")
            // Locked: a real card gets no answer either; products still scan.
            let marie = try await client.json(.post, "/v1/sessions/\(id)/scans", body: ["payload": DemoCatalog.marieCard], headers: shopper)
            #expect(marie.status == .tooManyRequests)
            let yogurt = try await client.json(
                .post, "/v1/sessions/\(id)/scans", body: ["payload": try DemoCodes.ean(DemoCatalog.yogurt)], headers: shopper)
            #expect(yogurt.status == .ok)
            clock.advance(by: 31)
            let later = try await client.json(.post, "/v1/sessions/\(id)/scans", body: ["payload": DemoCatalog.marieCard], headers: shopper)
            #expect(later.status == .ok)
        }
    }
}
