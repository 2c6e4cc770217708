import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SelfScanDemo
import SelfScanCore
import SelfScanDevices
import SelfScanServer
import Testing

@Suite("Devices endpoint and page heartbeats over loopback HTTP")
struct DevicesAPITests {
    static func devices(_ client: some TestClientProtocol, _ staff: HTTPFields) async throws -> [[String: Any]] {
        let answer = try await client.json(.get, "/v1/devices", headers: staff)
        #expect(answer.status == .ok)
        return try #require(answer.body["devices"] as? [[String: Any]])
    }

    @Test func heartbeatsListPagesThatGoOfflineAfterThirtySeconds() async throws {
        let clock = TestClock()
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config, clock: clock) { _, client in
            let noToken = try await client.json(.get, "/v1/devices")
            #expect(noToken.status == .unauthorized)
            let staff = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")

            let sessionID = UUID().uuidString
            let beat = try await client.json(
                .post, "/v1/devices/heartbeat", body: ["deviceID": "kiosk-07.page", "role": "kiosk", "sessionID": sessionID])
            #expect(beat.status == .noContent)
            var list = try await Self.devices(client, staff)
            let this = try #require(list.first)
            #expect(this["kind"] as? String == "daemon")
            #expect(this["id"] as? String == config.device)
            #expect(this["role"] as? String == "store")
            #expect(this["online"] as? Bool == true)
            #expect(this.keys.contains("fault") && this["fault"] is NSNull, "null fields are written as null")
            let page = try #require(list.first { $0["id"] as? String == "kiosk-07.page" })
            #expect(page["kind"] as? String == "page")
            #expect(page["role"] as? String == "kiosk")
            #expect(page["sessionID"] as? String == sessionID)
            #expect(page["online"] as? Bool == true)
            let seen = try #require(page["lastSeenAt"] as? String)
            #expect(try Date(seen, strategy: .iso8601) == Date(timeIntervalSince1970: TimeInterval(clock.now)))

            clock.advance(by: 31)
            list = try await Self.devices(client, staff)
            #expect(list.first { $0["id"] as? String == "kiosk-07.page" }?["online"] as? Bool == false)
            // A new heartbeat brings it back.
            try await client.json(.post, "/v1/devices/heartbeat", body: ["deviceID": "kiosk-07.page", "role": "kiosk"])
            list = try await Self.devices(client, staff)
            let back = try #require(list.first { $0["id"] as? String == "kiosk-07.page" })
            #expect(back["online"] as? Bool == true)
            #expect(back["sessionID"] is NSNull)
        }
    }

    @Test(arguments: [
        (["role": "kiosk"] as [String: String], "badDeviceID"),
        (["deviceID": "", "role": "kiosk"], "badDeviceID"),
        (["deviceID": String(repeating: "a", count: 65), "role": "kiosk"], "badDeviceID"),
        (["deviceID": "kiosk 1", "role": "kiosk"], "badDeviceID"),
        (["deviceID": "kiosk/1", "role": "kiosk"], "badDeviceID"),
        (["deviceID": "kiosk-1"], "badDeviceRole"),
        (["deviceID": "kiosk-1", "role": "gate"], "badDeviceRole"),
        (["deviceID": "kiosk-1", "role": "kiosk", "sessionID": "nope"], "badSessionID"),
    ])
    func badHeartbeatsAreRefused(body: [String: String], code: String) async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config) { _, client in
            let answer = try await client.json(.post, "/v1/devices/heartbeat", body: body)
            #expect(answer.status == .badRequest)
            #expect(errorCode(answer.body) == code)
            let staff = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
            #expect(try await Self.devices(client, staff).count == 1, "only the daemon itself")
        }
    }

    @Test func atMost256PagesTheLeastRecentlySeenDropped() async throws {
        let clock = TestClock()
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config, clock: clock) { _, client in
            try await client.json(.post, "/v1/devices/heartbeat", body: ["deviceID": "first", "role": "handheld"])
            clock.advance(by: 1)
            for index in 0..<256 {
                let beat = try await client.json(
                    .post, "/v1/devices/heartbeat", body: ["deviceID": "page-\(index)", "role": "handheld"])
                #expect(beat.status == .noContent)
            }
            let staff = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
            let pages = try await Self.devices(client, staff).filter { $0["kind"] as? String == "page" }
            #expect(pages.count == 256)
            #expect(!pages.contains { $0["id"] as? String == "first" })
            #expect(pages.contains { $0["id"] as? String == "page-255" })
        }
    }

    @Test func scannersAreListedAndAnUnpluggedOneRaisesADeviceAlert() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        let clock = TestClock()
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let daemon = try await Daemon.open(config: config, logger: logger, clock: clock.session)
        let (scans, scanner) = AsyncStream.makeStream(of: ScannerEvent.self)
        let app = try buildApplication(daemon: daemon, services: [try ScannerPump(daemon: daemon, scans: scans)])
        try await app.test(.live) { client in
            let staff = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
            let gun = DeviceID("usb-1-2")
            scanner.yield(.attached(ScannerDescription(
                deviceID: gun, usbID: "0c2e:0b61", location: "1-2", product: "Voyager 1450g", profileID: "voyager",
                protocolName: "hid-keyboard", claim: .claimed)))
            scanner.yield(.data(ScanEvent(
                deviceID: gun, symbology: .ean13, payload: Array(try DemoCodes.ean(DemoCatalog.coffee).utf8),
                timestamp: Instant(nanosecondsSinceEpoch: 1))))
            // The scanner pump handles the scan in the background; the devices view is polled until it shows it.
            let attached = try #require(try await eventually(within: 10) { () async throws -> [String: Any]? in
                let row = try await Self.devices(client, staff).first { $0["id"] as? String == "usb-1-2" }
                return row?["lastScanAt"] is String && row?["sessionID"] is String ? row : nil
            })
            #expect(attached["kind"] as? String == "scanner")
            #expect(attached["name"] as? String == "Voyager 1450g")
            #expect(attached["online"] as? Bool == true)
            #expect(attached["role"] is NSNull)
            #expect(attached["sessionID"] as? String != nil, "the scan opened the device's session")

            scanner.yield(.detached(gun))
            let deviceAlert = try #require(try await eventually(within: 10) { () async throws -> [String: Any]? in
                let alerts = try await client.json(.get, "/v1/staff/alerts", headers: staff)
                return (alerts.body["alerts"] as? [[String: Any]])?.first { $0["kind"] as? String == "device" }
            })
            #expect(deviceAlert["device"] as? String == "usb-1-2")
            let unplugged = try #require(try await Self.devices(client, staff).first { $0["id"] as? String == "usb-1-2" })
            #expect(unplugged["online"] as? Bool == false)
            #expect(unplugged["fault"] as? String == "unplugged")
            #expect(unplugged["lastScanAt"] is String)
            scanner.finish()
        }
    }
}
