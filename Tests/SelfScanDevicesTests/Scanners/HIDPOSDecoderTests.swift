import Foundation
import SelfScanCore
import Testing
@testable import SelfScanDevices

@Suite struct HIDPOSDecoderTests {
    static func fixtureDescriptor() throws -> [UInt8] {
        let text = try String(contentsOfFile: ScannerFixtures.path("hidpos.descriptor"), encoding: .utf8)
        return try #require(HexBytes.parse(text))
    }

    @Test func descriptorGivesTheScannedDataLayout() throws {
        let descriptor = try HIDReportDescriptor(Self.fixtureDescriptor())
        #expect(descriptor.usesReportIDs)
        #expect(descriptor.applicationUsages == [0x008C_0002])
        #expect(descriptor.inputLength(reportID: 2) == 63)
        let decoder = try HIDPOSDecoder(descriptor: descriptor)
        #expect(decoder.layout.reportID == 2)
        #expect(decoder.layout.data.bitOffset == 32)  // after byte count + 3 symbology bytes
        #expect(decoder.layout.data.count == 56)
    }

    @Test func reportStreamDecodesSingleAndMultiReportScans() throws {
        var decoder = try HIDPOSDecoder(descriptorBytes: Self.fixtureDescriptor())
        var outputs: [DecoderOutput] = []
        for (at, report) in try ScannerFixtures.reports("hidpos.reports") {
            outputs += decoder.handle(report: report, at: at)
        }
        #expect(outputs.count == 3)
        #expect(outputs.first?.summary == "]E05901234123457")
        let qr = "https://id.gs1.org/01/09506000134352/10/ABC123?17=261231&selfscan=" + String(repeating: "x", count: 40)
        #expect(qr.utf8.count > 56)  // really two reports
        #expect(outputs.dropFirst().first?.summary == "]Q1" + qr)
        #expect(outputs.last == .scan(DecodedScan(
            symbology: .gs1_128, payload: Array("0103012345678900".utf8) + [0x1D] + Array("10ABC".utf8))))
    }

    /// The same usages in another order, without a byte count and without report ids: positions come
    /// from the descriptor.
    @Test func anotherFieldOrderIsReadThroughItsDescriptor() throws {
        let descriptor: [UInt8] = [
            0x05, 0x8C, 0x09, 0x02, 0xA1, 0x01,
            0x75, 0x08, 0x95, 0x10, 0x09, 0xFE, 0x81, 0x02,  // 16 bytes Decoded Data first
            0x95, 0x01, 0x09, 0xFB, 0x81, 0x02, 0x09, 0xFC, 0x81, 0x02, 0x09, 0xFD, 0x81, 0x02,
            0xC0,
        ]
        var decoder = try HIDPOSDecoder(descriptorBytes: descriptor)
        #expect(decoder.layout.reportID == nil)
        let report = Array("96385074".utf8) + [UInt8](repeating: 0, count: 8) + Array("]E4".utf8)
        #expect(decoder.handle(report: report, at: 0).map(\.summary) == ["]E496385074"])
    }

    @Test func badReportsAreErrors() throws {
        var decoder = try HIDPOSDecoder(descriptorBytes: Self.fixtureDescriptor())
        func report(count: UInt8, continued: Bool = false, aim: String = "]E0", data: String = "123") -> [UInt8] {
            var bytes: [UInt8] = [0x02, count] + Array(aim.utf8) + Array(data.utf8)
            bytes += [UInt8](repeating: 0, count: 61 - bytes.count) + [0, 0, continued ? 1 : 0]
            return bytes
        }
        #expect(decoder.handle(report: report(count: 57), at: 0).map(\.summary) == ["error:inconsistentReport"])
        #expect(decoder.handle(report: Array(report(count: 3).prefix(20)), at: 0).map(\.summary) == ["error:malformedReport"])
        #expect(decoder.handle(report: [0x04, 0x01], at: 0).isEmpty)  // trigger report: not scanned data
        #expect(decoder.handle(report: report(count: 3, aim: "E0]"), at: 0).map(\.summary) == ["error:inconsistentReport"])
        // A continuation that never continues: partial, reported when its deadline passes.
        #expect(decoder.handle(report: report(count: 3, continued: true), at: 0).isEmpty)
        #expect(decoder.deadline == 500_000_000)
        #expect(decoder.tick(at: 600_000_000).map(\.summary) == ["error:partialScan"])
        // Late parts of that scan (inside the discard window) are dropped up to its last part: never a code.
        #expect(decoder.handle(report: report(count: 3, continued: true), at: 700_000_000).isEmpty)
        #expect(decoder.handle(report: report(count: 3), at: 710_000_000).isEmpty)
        // A continuation with another symbology is not the same scan.
        let later: UInt64 = 2_000_000_000
        _ = decoder.handle(report: report(count: 3, continued: true), at: later)
        #expect(decoder.handle(report: report(count: 3, aim: "]C1"), at: later + 1).map(\.summary) == ["error:inconsistentReport"])
        // And a good one after all that.
        #expect(decoder.handle(report: report(count: 3), at: later + 2).map(\.summary) == ["]E0123"])
    }

    @Test func descriptorsWithoutScannedDataOrBrokenAreRejected() {
        let keyboard: [UInt8] = [0x05, 0x01, 0x09, 0x06, 0xA1, 0x01, 0x05, 0x07, 0x19, 0xE0, 0x29, 0xE7, 0x15, 0x00,
                                 0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0xC0]
        #expect(throws: ScannerError.self) { try HIDPOSDecoder(descriptorBytes: keyboard) }
        #expect(throws: ScannerError.self) { try HIDReportDescriptor([0x05, 0x8C, 0x09, 0x02, 0xA1, 0x01]) }  // unclosed
        #expect(throws: ScannerError.self) { try HIDReportDescriptor([0x05, 0x8C, 0x26, 0xFF]) }  // truncated item
        #expect(throws: ScannerError.self) { try HIDReportDescriptor([0xC0]) }
    }
}
