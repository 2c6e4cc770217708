import Foundation
import Testing
@testable import SelfScanDevices
import SelfScanTestSupport

/// The production USB printer path (libusb, printer-class interface, bulk OUT, DLE EOT status on bulk IN, one
/// URB in flight) against umockdev replays written by scripts/gen-printer-fixtures. Each replayed bulk OUT URB
/// must carry exactly the recorded bytes (python-escpos's receipt.bin), or umockdev refuses the submission and
/// the print never completes: a replay that runs to its end proves the bytes sent.
@Suite(.serialized) struct USBPrinterUmockdevTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/printers").path

    /// `selfscan devices <arguments>` under umockdev-run with the printer and `ioctl` replay; its JSON lines.
    static func run(_ ioctl: String, _ arguments: [String]) throws -> (status: Int32, lines: [[String: Any]], stdout: String, stderr: String) {
        let (status, stdout, stderr) = try ChildProcess.run(
            "/usr/bin/timeout",
            ["-k", "5", "40", "umockdev-run",
             "-d", fixtures + "/printer.umockdev",
             "-i", "/dev/bus/usb/001/013=\(fixtures)/\(ioctl)",
             "--", UmockdevReplayTests.selfscanBinary, "devices",
             "--printer-profiles", ScannerFixtures.packageRoot + "/devices/printers"] + arguments)
        let text = String(decoding: stdout, as: UTF8.self)
        let lines = text.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        return (status, lines, text, String(decoding: stderr, as: UTF8.self))
    }

    /// `event[:detail]` per line, compact for expectations.
    static func summary(_ lines: [[String: Any]]) -> [String] {
        lines.map { line in
            let event = line["event"] as? String ?? "?"
            switch event {
            case "status": return "status:" + (line["state"] as? String ?? "?")
            case "interrupted": return "interrupted:" + (line["fault"] as? String ?? "?")
            case "printed": return "printed:\(line["attempt"] as? Int ?? 0)"
            default: return event
            }
        }
    }

    @Test func listsTheReplayedPrinterWithItsProfileAndState() throws {
        let run = try Self.run("printer-ok.ioctl", ["--printers", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let printers = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(printers.count == 1, "\(run.stdout)")
        #expect(printers.first?["state"] as? String == "ready")
        let printer = try #require(printers.first?["printer"] as? [String: Any])
        #expect(printer["profileID"] as? String == "epson-tm-t20iii")
        #expect(printer["paperWidthMillimetres"] as? Int == 80)
    }

    @Test func receiptGoesOutWholeAndIsReportedPrinted() throws {
        let run = try Self.run("printer-ok.ioctl", ["--print", Self.fixtures + "/receipt.bin", "--timeout", "30"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Self.summary(run.lines) == ["status:ready", "printed:1"], "\(run.lines) \(run.stderr)")
        let printer = try #require(run.lines.first?["printer"] as? [String: Any])
        #expect(printer["profileID"] as? String == "epson-tm-t20iii")
        #expect(printer["usbID"] as? String == "04b8:0e28")
        #expect(printer["deviceID"] as? String == "usb:1-5")
        #expect(printer["charactersPerLine"] as? Int == 48)
        #expect(run.lines.last?["bytes"] as? Int == 1083)
    }

    @Test func paperOutMidReceiptThenPaperBackReprintsItOnceInFull() throws {
        let run = try Self.run("printer-paper-out.ioctl", ["--print", Self.fixtures + "/receipt.bin", "--timeout", "30"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            Self.summary(run.lines) == ["status:ready", "interrupted:paper out", "status:paper out", "status:ready", "printed:2"],
            "\(run.lines) \(run.stderr)")
    }
}
