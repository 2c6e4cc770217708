import Foundation
import SelfScanDemo
import SelfScanCore
import Testing

/// A USB scan gun, replayed by umockdev (libusb URBs of a keyboard-wedge scanner typing two demo products),
/// read by the real `selfscan serve` with `scanners.usb` on: its scans land in the device's session.
/// umockdev must be installed (scripts/setup-deps --test); the test fails, not skips, without it.
@Suite("selfscan serve reads a USB scanner")
struct USBScannerServeTests {
    static let fixtures = ServeChild.packageRoot + "/Tests/SelfScanDevicesTests/Fixtures/scanners"

    @Test func replayedScansFlowIntoTheDeviceSession() async throws {
        let directory = try makeTemporaryDirectory("usb-serve")
        let configPath = directory + "/selfscan.json"
        let config = """
            {"store":"FR-0042","device":"kiosk-usb","role":"kiosk","dataDir":"\(directory)/data",
             "listen":{"host":"127.0.0.1","port":0},"logLevel":"info","catalogSeed":"frenchHypermarketDemo",
             "scanners":{"usb":true,"profilesDir":"\(ServeChild.packageRoot)/devices"}}
            """
        try Data(config.utf8).write(to: URL(fileURLWithPath: configPath))
        // The Honeywell wedge (US layout profile 0c2e:0b61) typing the yogurt's and the coffee's EAN-13 in a loop.
        let child = try ServeChild(config: configPath, wrapper: [
            "/usr/bin/umockdev-run", "-d", Self.fixtures + "/wedge-us.umockdev",
            "-i", "/dev/bus/usb/001/011=\(Self.fixtures)/wedge-demo.ioctl", "--",
        ])
        defer { child.terminate() }

        let expected: Set<String> = [DemoCatalog.yogurt.rawValue, DemoCatalog.coffee.rawValue]
        var products: [String] = []
        // Bounded (90 s: a loaded CI machine once needed more than 30 s for the replay), ends as soon as both arrive.
        // The daemon is a child process: its REST view is all a test can watch, so this is a poll.
        _ = try await eventually(within: 90, every: .milliseconds(200)) { () async throws -> Bool? in
            let (status, device) = try await child.call(.GET, "/v1/device")
            #expect(status == 200)
            let lines = (device["session"] as? [String: Any])?["lines"] as? [[String: Any]] ?? []
            products = lines.compactMap { $0["productID"] as? String }
            return Set(products).isSuperset(of: expected) ? true : nil
        }
        // Both products arrived from the scan gun; nothing else (a scan cut by the claim is dropped, never a line).
        #expect(Set(products) == expected, "\(products)")
    }
}
