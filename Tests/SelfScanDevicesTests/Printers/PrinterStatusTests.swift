import Foundation
import Testing
@testable import SelfScanDevices

/// ESC/POS real-time status bytes (DLE EOT 2 and 4), the USB printer class port status, printer profiles.
@Suite("Printer status and profiles")
struct PrinterStatusTests {
    @Test("DLE EOT answers: ready, paper out, cover open, paper near end, error",
          arguments: [
            (UInt8(0x12), UInt8(0x12), "ready", true),
            (0x32, 0x72, "paper out", false),  // offline cause: stopped by paper end; roll: paper end
            (0x12, 0x72, "paper out", false),  // the roll sensor alone says it
            (0x16, 0x12, "cover open", false),
            (0x12, 0x1E, "paper low", true),   // near end: still prints
            (0x52, 0x12, "printer error", false),
          ])
    func realTimeStatus(offline: UInt8, paper: UInt8, summary: String, canPrint: Bool) throws {
        let status = try #require(PrinterStatus(offlineCause: offline, rollPaper: paper))
        #expect(status.summary == summary)
        #expect(status.canPrint == canPrint)
        #expect(status.fault == (canPrint ? nil : summary))
    }

    @Test("a byte that is not a status byte is refused, not read as ready")
    func notAStatusByte() {
        #expect(PrinterStatus(offlineCause: 0x00, rollPaper: 0x12) == nil)
        #expect(PrinterStatus(offlineCause: 0x12, rollPaper: 0x93) == nil)
    }

    @Test("GET_PORT_STATUS: paper empty, not-error bit")
    func portStatus() {
        #expect(PrinterStatus(portStatus: 0x18).canPrint)  // selected, no error
        #expect(PrinterStatus(portStatus: 0x38).fault == "paper out")
        #expect(PrinterStatus(portStatus: 0x10).fault == "printer error")
    }

    @Test("DLE EOT request bytes")
    func request() {
        #expect(PrinterStatus.request(2) == [0x10, 0x04, 0x02])
        #expect(PrinterStatus.request(4) == [0x10, 0x04, 0x04])
    }

    @Test("the shipped printer profiles load; 58 mm has 32 columns, 80 mm 48; a model beats the generic profile")
    func shippedProfiles() throws {
        let catalog = try PrinterProfileCatalog.load(directory: ScannerFixtures.packageRoot + "/devices/printers")
        #expect(catalog.match(vendorID: 0x04B8, productID: 0x0E28)?.id == "epson-tm-t20iii")
        #expect(catalog.match(vendorID: 0x0416, productID: 0x5011)?.charactersPerLine == 32)
        #expect(catalog.match(vendorID: 0x1234, productID: 0x5678)?.id == "generic-escpos-80mm")
        #expect(catalog.profiles.allSatisfy { $0.codePage == "cp1252" })
    }

    @Test("bad profiles are refused: paper width, code page, USB id",
          arguments: [
            #"{"id": "x", "paperWidthMm": 76}"#, #"{"id": "x", "codePage": "cp858"}"#,
            #"{"id": "x", "vendorId": "zz"}"#, #"{"name": "no id"}"#,
          ])
    func badProfile(json: String) {
        #expect(throws: (any Error).self) { try JSONDecoder().decode(PrinterProfile.self, from: Data(json.utf8)) }
    }

    @Test("58 mm without charactersPerLine: 32 columns")
    func defaultColumns() throws {
        let profile = try JSONDecoder().decode(PrinterProfile.self, from: Data(#"{"id": "p", "paperWidthMm": 58}"#.utf8))
        #expect(profile.charactersPerLine == 32 && profile.isGeneric)
    }
}
