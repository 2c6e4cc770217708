import Testing
@testable import SelfScanDevices

/// Report-level tests: captured (generated) HID boot-keyboard report streams decoded with each layout.
@Suite struct KeyboardWedgeReportStreamTests {
    static let mixed: [KeyboardLayout: String] = [
        .us: "Ab-1/x.Y", .uk: "Ab-1/x.Y", .deQWERTZ: "Zy-1/x.Y", .frAZERTY: "Aq-1/x.W", .beAZERTY: "Aq-1/x.W",
    ]

    @Test(arguments: KeyboardLayout.allCases)
    func eachLayoutDecodesItsOwnScanner(layout: KeyboardLayout) throws {
        let outputs = try ScannerFixtures.decodeWedge(
            "wedge-\(layout.rawValue).reports", KeyboardWedgeDecoder(layout: layout, terminator: .enter))
        #expect(outputs.map(\.summary) == ["5901234123457", "0013748911", try #require(Self.mixed[layout])])
    }

    @Test func usScannerReadAsAZERTYIsTheClassicBug() throws {
        let asBelgian = try ScannerFixtures.decodeWedge(
            "wedge-us.reports", KeyboardWedgeDecoder(layout: .beAZERTY, terminator: .enter))
        #expect(asBelgian[1].summary == "àà&\"è'!ç&&")
        let asFrench = try ScannerFixtures.decodeWedge(
            "wedge-us.reports", KeyboardWedgeDecoder(layout: .frAZERTY, terminator: .enter))
        #expect(asFrench[1].summary == "àà&\"è'_ç&&")
    }

    @Test func azertyScannerNeedsShiftForDigits() throws {
        // Read with the wrong (US) layout, the AZERTY scanner's Shift+digit keys are symbols.
        let asUS = try ScannerFixtures.decodeWedge(
            "wedge-fr-azerty.reports", KeyboardWedgeDecoder(layout: .us, terminator: .enter))
        #expect(asUS[1].summary == "))!#&$*(!!")
        let asFR = try ScannerFixtures.decodeWedge(
            "wedge-fr-azerty.reports", KeyboardWedgeDecoder(layout: .frAZERTY, terminator: .enter))
        #expect(asFR[1].summary == "0013748911")
    }

    @Test func rolloverReportsDecodeLikeKeyUpReports() throws {
        let outputs = try ScannerFixtures.decodeWedge(
            "wedge-us-rollover.reports", KeyboardWedgeDecoder(layout: .us, terminator: .enter))
        #expect(outputs.map(\.summary) == ["5901234123457", "0013748911"])
    }

    @Test func tabSuffixEndsTheScan() throws {
        let outputs = try ScannerFixtures.decodeWedge(
            "wedge-us-tab.reports", KeyboardWedgeDecoder(layout: .us, terminator: .tab))
        #expect(outputs.map(\.summary) == ["4006381333931"])
        // With an Enter suffix configured, a Tab-terminated scan never completes: partial, not a code.
        let wrong = try ScannerFixtures.decodeWedge(
            "wedge-us-tab.reports", KeyboardWedgeDecoder(layout: .us, terminator: .enter))
        #expect(wrong.map(\.summary) == ["error:partialScan"])
    }

    @Test(arguments: [
        ("wedge-us-gs1-aim.reports", KeyboardLayout.us, 2),
        ("wedge-fr-azerty-gs1-aim.reports", KeyboardLayout.frAZERTY, 2),
        ("wedge-de-qwertz-gs1-aim.reports", KeyboardLayout.deQWERTZ, 1),
    ])
    func groupSeparatorAsCtrlBracketOrAltNumpad(fixture: String, layout: KeyboardLayout, count: Int) throws {
        let decoder = KeyboardWedgeDecoder(layout: layout, terminator: .enter, framing: ScanFraming(aimTransmitted: true))
        let outputs = try ScannerFixtures.decodeWedge(fixture, decoder)
        #expect(outputs.count == count)
        for output in outputs {
            guard case .scan(let scan) = output else {
                Issue.record("expected a scan, got \(output)")
                continue
            }
            #expect(scan.symbology?.value == "]C1")
            #expect(scan.payload == Array("0103012345678900".utf8) + [0x1D] + Array("10ABC".utf8))
        }
    }

    @Test func garbageBecomesErrorsAndNeverAWrongCode() throws {
        let outputs = try ScannerFixtures.decodeWedge(
            "wedge-us-garbage.reports", KeyboardWedgeDecoder(layout: .us, terminator: .enter))
        #expect(outputs.map(\.summary) == [
            "error:rollOver", "4006381333931",
            "error:malformedReport", "4006381333931",
            "error:malformedReport",
            "error:partialScan", "4006381333931",
        ])
    }

    @Test func layoutDetectionFromATestCode() throws {
        func firstScanReports(_ name: String, scan: Int) throws -> [[UInt8]] {
            // Scans are separated by a 300 ms gap in the fixtures.
            var groups: [[[UInt8]]] = [[]]
            var previous: UInt64?
            for (at, report) in try ScannerFixtures.reports(name) {
                if let previous, at - previous > 100_000_000 { groups.append([]) }
                groups[groups.count - 1].append(report)
                previous = at
            }
            return groups[scan]
        }
        let usDigits = try firstScanReports("wedge-us.reports", scan: 1)
        #expect(KeyboardLayout.candidates(forReports: usDigits, typing: "0013748911") == [.us, .deQWERTZ, .uk])
        let frDigits = try firstScanReports("wedge-fr-azerty.reports", scan: 1)
        #expect(KeyboardLayout.candidates(forReports: frDigits, typing: "0013748911") == [.frAZERTY, .beAZERTY])
        let frMixed = try firstScanReports("wedge-fr-azerty.reports", scan: 2)
        #expect(KeyboardLayout.candidates(forReports: frMixed, typing: "Aq-1/x.W") == [.frAZERTY])
        let ukMixed = try firstScanReports("wedge-uk.reports", scan: 2)
        #expect(KeyboardLayout.candidates(forReports: ukMixed, typing: "Ab-1/x.Y") == [.us, .uk])
    }
}
