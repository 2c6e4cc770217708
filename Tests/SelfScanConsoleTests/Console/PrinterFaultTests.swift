import Foundation
import SelfScanAPI
import Testing

@testable import SelfScanConsole

/// A receipt printer's paper-out reaches the console the way a scanner's fault does: through `GET /v1/devices`.
@Suite("Printer fault on the console")
struct PrinterFaultTests {
    let now: Int64 = 1_790_000_000_000

    @Test("a printer out of paper is a faulty device row, listed first, in the fault summary")
    func paperOutIsAFault() throws {
        let json = #"""
            {"devices":[
             {"id":"store-1","kind":"daemon","role":"store","name":"Store box","online":true,
              "lastSeenAt":"2026-09-21T14:13:20Z","lastScanAt":null,"fault":null,"sessionID":null},
             {"id":"usb:1-5","kind":"printer","role":null,"name":"TM-T20III (80 mm): paper out, 1 receipt(s) waiting",
              "online":true,"lastSeenAt":"2026-09-21T14:13:19Z","lastScanAt":null,"fault":"paper out","sessionID":null}
            ]}
            """#
        let list = try DaemonResponses.decoder().decode(DaemonResponses.DeviceList.self, from: Data(json.utf8))
        let snapshot = SnapshotAssembler(url: "http://x", now: now).assemble(
            status: try DaemonFixtures.status(sync: nil, now: now / 1000), sessions: [], alerts: [], details: [:],
            metrics: nil, devices: list.devices)
        #expect(snapshot.devices.map(\.id) == ["usb:1-5", "store-1"])
        #expect(snapshot.devices[0].kind == "printer" && snapshot.devices[0].fault == "paper out")
        #expect(DeviceSummary(snapshot.devices).faults == ["usb:1-5: paper out"])
    }
}
