import Foundation
import SelfScanAPI
import Testing

@testable import SelfScanConsole

/// Two pages whose random ids start with the same four hex digits used to get the same label (`Kiosk 60c4`
/// twice): a manager could not tell which kiosk calls. Labels are unique among the devices on screen, longer
/// only where they must be.
@Suite("Console device labels are unique")
struct ConsoleDeviceLabelTests {
    static let first = "kiosk-60c4a1b2c3d4e5f6"
    static let second = "kiosk-60c4f9e8d7c6b5a4"
    static let third = "kiosk-60c4f9aa00000000"

    static func snapshot() -> ConsoleSnapshot {
        var snapshot = SnapshotFixtures.snapshot(sessions: 2, alerts: 0)
        for id in [first, second, third, "handheld-60c4a1b2c3d4e5f6", "kiosk-7d00aa11bb22cc33"] {
            snapshot.devices.append(
                DeviceRow(id: id, kind: "page", role: String(id.prefix { $0 != "-" }), name: id, online: true, lastSeenSeconds: 2))
        }
        snapshot.openSessions[0].device = first
        snapshot.openSessions[1].device = second
        return snapshot
    }

    @Test("pages sharing four hex digits get longer, distinct labels; the others stay short")
    func sharedPrefixesAreLengthened() {
        let snapshot = Self.snapshot()
        let labels = snapshot.devices.map { ConsoleLabels.device($0.id, in: snapshot) }
        #expect(Set(labels).count == labels.count, "\(labels)")
        #expect(ConsoleLabels.device(Self.first, in: snapshot) == "Kiosk 60c4a")
        #expect(ConsoleLabels.device(Self.second, in: snapshot) == "Kiosk 60c4f9e")
        #expect(ConsoleLabels.device(Self.third, in: snapshot) == "Kiosk 60c4f9a")
        // Another role, or no collision: the short label.
        #expect(ConsoleLabels.device("handheld-60c4a1b2c3d4e5f6", in: snapshot) == "Handheld 60c4")
        #expect(ConsoleLabels.device("kiosk-7d00aa11bb22cc33", in: snapshot) == "Kiosk 7d00")
        // Alone, still the short stable label.
        #expect(ConsoleLabels.device(id: Self.first) == "Kiosk 60c4")
    }

    @Test("on screen the two kiosks' sessions are told apart")
    func sessionsAreToldApart() {
        var state = ConsoleViewState()
        state.connection = .connected
        let text = ConsoleLayout(width: 160, height: 48, utcOffsetSeconds: 0)
            .render(snapshot: Self.snapshot(), state: state, now: 0).map(\.text)
        let screen = text.joined(separator: "\n")
        #expect(screen.contains("Kiosk 60c4a") && screen.contains("Kiosk 60c4f9e"), "\(screen)")
        #expect(!screen.contains("Kiosk 60c4 "), "a bare four-digit label for a colliding page")
    }
}
