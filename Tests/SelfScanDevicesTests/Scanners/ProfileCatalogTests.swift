import Foundation
import Testing
@testable import SelfScanDevices

@Suite struct ProfileCatalogTests {
    @Test func shippedProfilesLoadAndMatch() throws {
        let catalog = try ProfileCatalog.load(directory: ScannerFixtures.packageRoot + "/devices")
        #expect(catalog.profiles.count >= 8)
        let honeywell = try #require(catalog.match(vendorID: 0x0c2e, productID: 0x0b61, interface: 0))
        #expect(honeywell.protocol == .hidKeyboard)
        #expect(honeywell.layout == .us)
        #expect(honeywell.interKeyTimeoutMillis == 50)
        #expect(catalog.match(vendorID: 0x05e0, productID: 0x1200, interface: 0)?.id == "zebra-symbol-kbw")
        #expect(catalog.match(vendorID: 0x05f9, productID: 0x2214, interface: 0)?.id == "datalogic-quickscan-kbw")
        #expect(catalog.match(vendorID: 0x1eab, productID: 0x0c06, interface: 1)?.protocol == .cdcACM)
        // Vendors we know, with every profile having real ids.
        let vendors = Set(catalog.profiles.compactMap(\.vendorID))
        #expect(vendors.isSuperset(of: [0x0c2e, 0x05e0, 0x05f9, 0x1eab]))
    }

    @Test func unknownDevicesAreNeverMatchedUnlessAssigned() throws {
        var catalog = try ProfileCatalog.load(directory: ScannerFixtures.packageRoot + "/devices")
        #expect(catalog.match(vendorID: 0x046d, productID: 0xc52b, interface: 0) == nil)  // a keyboard receiver
        #expect(catalog.match(vendorID: 0x0c2e, productID: 0x0b61, interface: 1) == nil)  // other interface
        try catalog.assign(try #require(USBModelKey("1234:5678")), profileID: "generic-keyboard-wedge-fr-azerty")
        let assigned = try #require(catalog.match(vendorID: 0x1234, productID: 0x5678, interface: 0))
        #expect(assigned.layout == .frAZERTY)
        #expect(assigned.vendorID == 0x1234)
        var copy = catalog
        #expect(throws: ProfileError.self) { try copy.assign(USBModelKey(vendorID: 1, productID: 2), profileID: "nope") }
    }

    @Test(arguments: [
        (#"{"id": "x", "protocol": "hid-keyboard", "vendorId": "0xZZZZ", "productId": "0x0001"}"#, ProfileError.Code.invalidField, "vendorId"),
        (#"{"id": "x", "protocol": "hid-keyboard", "vendorId": "0x0001"}"#, .invalidField, "productId"),
        (#"{"id": "x", "protocol": "usb-magic"}"#, .invalidField, "protocol"),
        (#"{"id": "x", "protocol": "hid-keyboard", "layout": "dvorak"}"#, .invalidField, "layout"),
        (#"{"id": "x", "protocol": "hid-keyboard", "interKeyTimeoutMs": -5}"#, .invalidField, "interKeyTimeoutMs"),
        (#"{"id": "x", "protocol": "cdc-acm", "suffix": "none"}"#, .invalidField, "suffix"),
        (#"{"id": "x", "protocol": "cdc-acm", "baudRate": 12345}"#, .invalidField, "baudRate"),
        (#"{"id": "x", "protocol": "hid-pos", "reportDescriptor": "abc"}"#, .invalidField, "reportDescriptor"),
        (#"{"protocol": "hid-keyboard"}"#, .missingField, "id"),
        (#"{"id": "x"}"#, .missingField, "protocol"),
        (#"{"id": "x", "protocol": "hid-keyboard", "aimTransmitted": "yes"}"#, .invalidField, "aimTransmitted"),
        (#"{"id": "x", "protocol": "#, .malformedJSON, nil),
    ] as [(String, ProfileError.Code, String?)])
    func badProfilesAreTypedErrors(json: String, code: ProfileError.Code, field: String?) {
        do {
            _ = try ProfileCatalog.parse(Array(json.utf8), file: "bad.json")
            Issue.record("accepted a bad profile: \(json)")
        } catch {
            #expect(error.code == code)
            #expect(error.field == field)
            #expect(error.file == "bad.json")
        }
    }

    @Test func duplicatesAreRejected() throws {
        let a = ScannerProfile(id: "a", name: "a", vendorID: 1, productID: 2, protocol: .hidKeyboard)
        var b = a
        b.id = "b"
        #expect(throws: ProfileError.self) { try ProfileCatalog(profiles: [a, a]) }
        do {
            _ = try ProfileCatalog(profiles: [a, b])
            Issue.record("two profiles for one device accepted")
        } catch {
            #expect(error.code == .duplicateDevice)
        }
    }

    @Test func aDirectoryWithABadFileFailsLoudly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("selfscan-profiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"{"id": "ok", "protocol": "evdev"}"#.utf8).write(to: dir.appendingPathComponent("a.json"))
        try Data(#"{"id": "bad", "protocol": "hid-keyboard", "claim": "sometimes"}"#.utf8)
            .write(to: dir.appendingPathComponent("b.json"))
        do {
            _ = try ProfileCatalog.load(directory: dir.path)
            Issue.record("loaded a directory with a bad profile")
        } catch {
            #expect(error.code == .invalidField)
            #expect(error.field == "claim")
            #expect(error.file.hasSuffix("b.json"))
        }
        #expect(throws: ProfileError.self) { try ProfileCatalog.load(directory: dir.path + "/missing") }
    }
}

@Suite struct UdevRulesTests {
    @Test func checkedInRulesMatchTheShippedProfiles() throws {
        let catalog = try ProfileCatalog.load(directory: ScannerFixtures.packageRoot + "/devices")
        let rendered = UdevRules.render(catalog)
        let checkedIn = try String(contentsOfFile: ScannerFixtures.packageRoot + "/scripts/99-selfscan-scanners.rules",
                                   encoding: .utf8)
        #expect(checkedIn == rendered, "regenerate with: selfscan devices --udev-rules > scripts/99-selfscan-scanners.rules")
        for profile in catalog.profiles {
            guard let key = profile.usbKey else { continue }
            let vendor = String(key.description.prefix(4))
            #expect(rendered.contains("idVendor}==\"\(vendor)\""))
        }
        #expect(rendered.contains("SUBSYSTEM==\"tty\", KERNEL==\"ttyACM*\", ATTRS{idVendor}==\"1eab\""))
        #expect(!rendered.contains("generic-keyboard-wedge"))  // templates name no device
    }
}
