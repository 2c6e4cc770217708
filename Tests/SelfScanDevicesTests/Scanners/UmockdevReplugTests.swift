import Foundation
import Testing
@testable import SelfScanDevices
import SelfScanTestSupport

/// Unplug and replug under umockdev, with the production reader. `umockdev-run` cannot remove a device
/// during a run, so a small C harness (scripts/umockdev-replug-harness.c, built here against libumockdev)
/// builds the testbed itself, removes the scanner after two scans (a replay is fast: a few more may come) (uevent "remove"), waits for the reader's
/// `detached`, adds it back (uevent "add"), and the reader must resume without a restart.
@Suite(.serialized) struct UmockdevReplugTests {
    static func buildHarness() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("selfscan-replug-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let output = directory.appendingPathComponent("replug-harness").path
        let source = ScannerFixtures.packageRoot + "/scripts/umockdev-replug-harness.c"
        let built = try ChildProcess(
            "/bin/sh", ["-c", "cc \"$0\" $(pkg-config --cflags --libs umockdev-1.0) -o \"$1\"", source, output]
        ).wait()
        #expect(built == 0, "building the replug harness needs cc and libumockdev-dev")
        return output
    }

    @Test func unplugAndReplugResumeReading() throws {
        let harness = try Self.buildHarness()
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: harness).deletingLastPathComponent().path) }
        var environment = ProcessInfo.processInfo.environment
        environment["LD_PRELOAD"] = "libumockdev-preload.so.0"
        let (status, stdout, _) = try ChildProcess.run(
            "/usr/bin/timeout",
            ["-k", "5", "60", harness,
             ScannerFixtures.path("wedge-us.umockdev"), "/dev/bus/usb/001/011",
             ScannerFixtures.path("wedge-us.ioctl"), "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-3", "2",
             "--", UmockdevReplayTests.selfscanBinary, "devices",
             "--profiles", ScannerFixtures.packageRoot + "/devices", "--read", "40", "--timeout", "40"],
            environment: environment)
        #expect(status == 0)
        let events = String(decoding: stdout, as: UTF8.self).split(separator: "\n").compactMap { line -> (String, String?)? in
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
                  let kind = object["event"] as? String else { return nil }
            let value = kind == "error" ? object["error"] : kind == "harness" ? object["detail"] : object["text"]
            return (kind, value as? String)
        }
        let structure = events.filter { $0.0 != "data" && $0.0 != "error" }.map { $0.0 == "harness" ? $0.1 ?? "?" : $0.0 }
        #expect(structure == ["attached", "unplugged", "detached", "plugged", "attached"])
        let plugged = try #require(events.firstIndex { $0.1 == "plugged" })
        let cycle = ["5901234123457", "0013748911"]
        let before = events[..<plugged].filter { $0.0 == "data" }.compactMap(\.1)
        let after = events[plugged...].filter { $0.0 == "data" }.compactMap(\.1)
        // Every code delivered is a whole code of the recording: never the tail of a scan cut by the
        // unplug (the replay resumes mid-scan after the replug; a real scanner would restart).
        #expect(before.count >= 2 && before.allSatisfy { cycle.contains($0) }, "\(before)")
        #expect(after.count == 40 - before.count && !after.isEmpty && after.allSatisfy { cycle.contains($0) }, "\(after)")
        // Only dropped scans (under way at (re)claim time, or cut by a timing gap) may be errors here.
        #expect(events.filter { $0.0 == "error" }.allSatisfy { $0.1 == "partialScan" }, "\(events)")
    }
}
