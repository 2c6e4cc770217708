import Foundation
import Testing

@testable import SelfScanDevices

/// The status once a document printed (`GS r 1`, answered after the data before it): its answer byte, its
/// request, and the profile switch for printers that do not answer it.
@Suite("Printer status after printing (GS r 1)")
struct PrintedStatusTests {
    @Test("GS r 1 answers: paper present, near end, paper end; anything else is not that answer")
    func paperSensorAnswers() {
        #expect(PrinterStatus(paperSensor: 0x00) == .ready)
        #expect(PrinterStatus(paperSensor: 0x03)?.paperNearEnd == true)
        #expect(PrinterStatus(paperSensor: 0x03)?.canPrint == true)
        #expect(PrinterStatus(paperSensor: 0x0C)?.paperOut == true)
        #expect(PrinterStatus(paperSensor: 0x0C)?.fault == "paper out")
        #expect(PrinterStatus(paperSensor: 0x12) == nil, "a DLE EOT byte (bit 4 set) is not a GS r answer")
        #expect(PrinterStatus(paperSensor: 0x80) == nil)
        #expect(PrinterStatus.paperSensorRequest == [0x1D, 0x72, 0x01])
    }

    @Test("profiles answer GS r 1 unless they say \"printedStatus\": false; it survives a round trip")
    func profileSwitch() throws {
        let plain = try JSONDecoder().decode(PrinterProfile.self, from: Data(#"{"id": "a", "paperWidthMm": 58}"#.utf8))
        #expect(plain.answersPrintedStatus)
        let off = try JSONDecoder().decode(
            PrinterProfile.self, from: Data(#"{"id": "b", "paperWidthMm": 80, "printedStatus": false}"#.utf8))
        #expect(!off.answersPrintedStatus)
        let again = try JSONDecoder().decode(PrinterProfile.self, from: try JSONEncoder().encode(off))
        #expect(again == off)
    }
}
