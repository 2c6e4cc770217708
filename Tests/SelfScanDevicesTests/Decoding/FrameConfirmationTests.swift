import Testing
@testable import SelfScanDevices

/// Camera confirmation of weak reads: which reads count on one frame, and that a weak one counts only when an
/// earlier frame of the stream within the window read the same (never on one frame alone, however often
/// that frame repeats the read).
@Suite struct FrameConfirmationTests {
    typealias Read = (symbology: Symbology, text: String)
    static let t0 = ContinuousClock.now

    static func counted(_ confirmation: inout FrameConfirmation, _ reads: [Read], after milliseconds: Int) -> [String] {
        confirmation.counted(reads, at: t0 + .milliseconds(milliseconds)) { $0 }.map { $0.text }
    }

    struct Case: Sendable, CustomStringConvertible {
        let symbology: Symbology, text: String, oneFrame: Bool
        init(_ symbology: Symbology, _ text: String, _ oneFrame: Bool) {
            self.symbology = symbology; self.text = text; self.oneFrame = oneFrame
        }
        var description: String { "\(symbology.name) \(text)" }
    }

    @Test(arguments: [
        Case(.ean13, "5901234123457", true),
        Case(.ean13, "5901234123458", false),  // bad check digit: never on one frame
        Case(.upcA, "0036000291452", true),
        Case(.ean13, "590123412345712345", false),  // with an add-on: the add-on has no check of its own here
        Case(.qr, "SELFSCAN:LOYALTY:4242424242", true),
        Case(.code128, "SELFSCAN-0042", true),
        Case(.code128, "A1", false),
        Case(.gs1_128, "0193012345678905", true),
        Case(.dataBar, "0100012345678905", false),
        Case(.dataBarExpanded, "019301234567890531030017", false),
        Case(.ean8, "96385074", false),
        Case(.upcE, "0012345000065", false),
    ])
    func oneFrameOrTwo(_ read: Case) {
        #expect(FrameConfirmation.countsOnOneFrame(read.symbology, text: read.text) == read.oneFrame)
    }

    @Test func aWeakReadCountsWhenTheNextFrameAgrees() {
        var confirmation = FrameConfirmation(window: .seconds(1))
        let dataBar: Read = (.dataBar, "0100012345678905")
        #expect(Self.counted(&confirmation, [dataBar], after: 0) == [])
        #expect(Self.counted(&confirmation, [dataBar], after: 125) == [dataBar.text])
        // Strong reads count at once, beside an unconfirmed weak one.
        let ean: Read = (.ean13, "5901234123457")
        #expect(Self.counted(&confirmation, [(.ean8, "96385074"), ean], after: 250) == [ean.text])
    }

    @Test func oneFrameNeverConfirmsItself() {
        var confirmation = FrameConfirmation()
        let dataBar: Read = (.dataBar, "0100012345678905")
        #expect(Self.counted(&confirmation, [dataBar, dataBar], after: 0) == [])
    }

    @Test func agreementMustBeWithinTheWindowAndOfTheSameSymbology() {
        var confirmation = FrameConfirmation(window: .seconds(1))
        #expect(Self.counted(&confirmation, [(.dataBar, "0100012345678905")], after: 0) == [])
        #expect(Self.counted(&confirmation, [(.dataBar, "0100012345678905")], after: 1_500) == [])  // too late
        // …but that late frame starts a new window.
        #expect(Self.counted(&confirmation, [(.dataBar, "0100012345678905")], after: 2_000) == ["0100012345678905"])
        // Same digits, another symbology: no agreement.
        #expect(Self.counted(&confirmation, [(.ean8, "12345670")], after: 3_000) == [])
        #expect(Self.counted(&confirmation, [(.upcE, "12345670")], after: 3_100) == [])
        // Different false reads in consecutive frames never count.
        #expect(Self.counted(&confirmation, [(.dataBar, "0100000000000017")], after: 4_000) == [])
        #expect(Self.counted(&confirmation, [(.dataBar, "0100000000000024")], after: 4_100) == [])
    }

    @Test func noiseCannotGrowTheState() {
        var confirmation = FrameConfirmation(window: .seconds(60), capacity: 4)
        let first: Read = (.dataBar, "0100012345678905")
        #expect(Self.counted(&confirmation, [first], after: 0) == [])
        for index in 1...10 { _ = Self.counted(&confirmation, [(.dataBar, "noise-\(index)")], after: index) }
        // The oldest weak read was forgotten: it must start over.
        #expect(Self.counted(&confirmation, [first], after: 20) == [])
        #expect(Self.counted(&confirmation, [first], after: 30) == [first.text])
    }
}
