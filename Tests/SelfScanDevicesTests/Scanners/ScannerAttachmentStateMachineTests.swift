import SelfScanCore
import Testing
@testable import SelfScanDevices

/// Hotplug, replug and retry decisions with a manual clock. (umockdev-run cannot unplug a device in the
/// middle of a run, so replug is tested here, at the layer the libusb callbacks feed.)
@Suite struct ScannerAttachmentStateMachineTests {
    static let ms: UInt64 = 1_000_000
    let profile = ScannerProfile(id: "p", name: "p", vendorID: 0x0c2e, productID: 0x0b61, protocol: .hidKeyboard)

    func description(_ location: String) -> ScannerDescription {
        ScannerDescription(deviceID: DeviceID("usb:\(location)"), usbID: "0c2e:0b61", location: location,
                           product: nil, profileID: nil, protocolName: nil, claim: .unknown)
    }

    @Test func unplugAndReplugResumes() {
        var machine = ScannerAttachmentStateMachine()
        #expect(machine.arrived(location: "1-3", description: description("1-3"), profile: profile)
                == [.open(location: "1-3", profileID: "p")])
        let attached = machine.opened(location: "1-3")
        #expect(attached.count == 1)
        guard case .emit(.attached(let scanner))? = attached.first else {
            Issue.record("expected attached, got \(attached)")
            return
        }
        #expect(scanner.claim == .claimed)
        #expect(scanner.profileID == "p")
        #expect(machine.left(location: "1-3") == [.close(location: "1-3"), .emit(.detached("usb:1-3"))])
        #expect(machine.entries.isEmpty)
        // Plugged back on the same port: opened again, no restart needed.
        #expect(machine.arrived(location: "1-3", description: description("1-3"), profile: profile)
                == [.open(location: "1-3", profileID: "p")])
        #expect(machine.opened(location: "1-3").count == 1)
        #expect(machine.openLocations == ["1-3"])
    }

    @Test func unknownAndNeverClaimedDevicesAreNotOpened() {
        var machine = ScannerAttachmentStateMachine()
        #expect(machine.arrived(location: "1-1", description: description("1-1"), profile: nil).isEmpty)
        var listed = profile
        listed.claim = .never
        #expect(machine.arrived(location: "1-2", description: description("1-2"), profile: listed).isEmpty)
        #expect(machine.entries["1-1"]?.description.claim == .unknown)
        #expect(machine.entries["1-2"]?.description.claim == .notClaimed)
        #expect(machine.left(location: "1-1").isEmpty)
    }

    @Test func failuresAreReportedAndRetriedWithBackoff() {
        var machine = ScannerAttachmentStateMachine(initialBackoffMillis: 500, maximumBackoffMillis: 2000)
        _ = machine.arrived(location: "1-3", description: description("1-3"), profile: profile)
        let busy = ScannerError(.claimFailed, "busy")
        #expect(machine.failed(location: "1-3", error: busy, at: 0)
                == [.close(location: "1-3"), .emit(.error("usb:1-3", busy))])
        #expect(machine.nextRetry == 500 * Self.ms)
        #expect(machine.tick(at: 499 * Self.ms).isEmpty)
        #expect(machine.tick(at: 500 * Self.ms) == [.open(location: "1-3", profileID: "p")])
        _ = machine.failed(location: "1-3", error: busy, at: 1000 * Self.ms)
        #expect(machine.nextRetry == 2000 * Self.ms)  // 1 s after the second failure
        _ = machine.tick(at: 2000 * Self.ms)
        _ = machine.failed(location: "1-3", error: busy, at: 3000 * Self.ms)
        #expect(machine.nextRetry == 5000 * Self.ms)  // 2 s: capped
        _ = machine.tick(at: 5000 * Self.ms)
        _ = machine.opened(location: "1-3")
        // A claimed device that fails while reading is detached, reported, and retried from 0.5 s again.
        let gone = ScannerError(.ioFailed, "stall")
        #expect(machine.failed(location: "1-3", error: gone, at: 6000 * Self.ms)
                == [.close(location: "1-3"), .emit(.error("usb:1-3", gone)), .emit(.detached("usb:1-3"))])
        #expect(machine.nextRetry == 6500 * Self.ms)
    }

    @Test func duplicateArrivalIsIgnored() {
        var machine = ScannerAttachmentStateMachine()
        _ = machine.arrived(location: "1-3", description: description("1-3"), profile: profile)
        #expect(machine.arrived(location: "1-3", description: description("1-3"), profile: profile).isEmpty)
    }
}
