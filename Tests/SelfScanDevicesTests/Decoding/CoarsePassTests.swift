import Testing
@testable import SelfScanDevices

/// When the coarse first pass's reads stand as a frame's result (`CoarsePass.settles`): only reads that count
/// on one frame, each seen on at least two rows; anything else goes to the full pass.
@Suite struct CoarsePassTests {
    static func read(_ symbology: Symbology, _ text: String, rows: Int) -> DecodedSymbol {
        DecodedSymbol(
            symbology: symbology, aim: symbology.defaultAIM, payload: Array(text.utf8), quality: rows, location: [],
            pass: .coarse)
    }

    @Test func aValidEAN13OnTwoRowsSettles() {
        #expect(CoarsePass.retailRows.settles([Self.read(.ean13, "5901234123457", rows: 2)]))
        #expect(CoarsePass.retailRows.settles([Self.read(.code128, "SELFSCAN-0042", rows: 5)]))
    }

    @Test func nothingAReadOnOneRowOrAWeakReadFallsBack() {
        let coarse = CoarsePass.retailRows
        #expect(!coarse.settles([]))
        #expect(!coarse.settles([Self.read(.ean13, "5901234123457", rows: 1)]))
        #expect(!coarse.settles([Self.read(.ean13, "5901234123458", rows: 9)]))  // bad check digit
        #expect(!coarse.settles([Self.read(.ean13, "590123412345712345", rows: 9)]))  // with an add-on
        #expect(!coarse.settles([Self.read(.code128, "A1", rows: 9)]))  // short Code 128
        #expect(!coarse.settles([Self.read(.ean8, "96385074", rows: 9)]))
        // One weak read among strong ones: the full pass decides the whole frame.
        #expect(!coarse.settles([Self.read(.ean13, "5901234123457", rows: 9), Self.read(.dataBar, "0100012345678905", rows: 9)]))
    }

    @Test func theCoarsePassWalksRowsOnlyAndLeavesQRAndWeakSymbologiesOut() {
        let zbar = CoarsePass.retailRows.zbar
        #expect(zbar.xDensity == 0)
        #expect(zbar.yDensity == 8)
        #expect(zbar.symbologies.isDisjoint(with: [.qr, .dataBar, .dataBarExpanded, .ean8, .upce]))
        #expect(DecodeOptions.video.coarse == .retailRows)
        #expect(DecodeOptions.images.coarse == nil)
    }
}
