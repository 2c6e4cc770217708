import SelfScanCore

/// Turns zbar's raw symbols into `DecodedSymbol`s and repairs zbar's known traps:
/// - ISBN-10 / ISBN-13 reports become the EAN-13 that was printed;
/// - UPC-A (12 digits) and UPC-E (8 digits) become 13-digit EAN-13 form (UPC-E expanded);
/// - EAN add-ons are appended to the main code (zbar's composite), AIM `]E3`;
/// - an EAN-8 read inside an EAN-13/UPC found in the same image is a partial read and dropped;
/// - Code 39 full ASCII, Code 32 and PZN are recovered from the plain Code 39 text (`Code39Recovery`);
/// - GS1 (FNC1 first) Code 128 / QR get their GS1 AIM ids; duplicates are merged.
enum SymbolNormaliser {
    static func normalise(
        _ raw: [RawSymbol], pass: RetryPass, addOns: AddOnPolicy = .fiveDigit,
        mapBack: (PixelPoint) -> PixelPoint
    ) -> [DecodedSymbol] {
        var symbols: [DecodedSymbol] = []
        for symbol in AddOnPairing.pair(raw, policy: addOns) {
            guard let decoded = normalise(symbol, pass: pass, mapBack: mapBack) else { continue }
            if let existing = symbols.firstIndex(where: { $0.symbology == decoded.symbology && $0.payload == decoded.payload }) {
                if decoded.quality > symbols[existing].quality { symbols[existing] = decoded }
                continue
            }
            symbols.append(decoded)
        }
        return droppingPartialEAN8(symbols)
    }

    private static let gs1Modifier: UInt32 = 1 << 0  // ZBAR_MOD_GS1
    private static let aimModifier: UInt32 = 1 << 1  // ZBAR_MOD_AIM

    private static func normalise(
        _ raw: RawSymbol, pass: RetryPass, mapBack: (PixelPoint) -> PixelPoint
    ) -> DecodedSymbol? {
        let location = raw.location.map(mapBack)
        func make(_ symbology: Symbology, _ payload: [UInt8], aim: AIMIdentifier? = nil) -> DecodedSymbol {
            DecodedSymbol(
                symbology: symbology, aim: aim ?? symbology.defaultAIM, payload: payload, quality: raw.quality,
                location: location, pass: pass)
        }
        let gs1 = raw.modifiers & gs1Modifier != 0
        switch raw.type & 0xFF {
        case 15:  // ZBAR_COMPOSITE: EAN/UPC + add-on, data already concatenated by zbar
            guard let main = raw.components.first(where: { ($0.type & 0xFF) > 5 }),
                  let addon = raw.components.first(where: { ($0.type & 0xFF) <= 5 }),
                  let base = normalise(main, pass: pass, mapBack: mapBack)
            else { return nil }
            return make(base.symbology, base.payload + addon.data, aim: Symbology.aim("]E3"))
        case 13:  // ZBAR_EAN13
            guard raw.data.count == 13 else { return nil }
            return make(raw.data.first == UInt8(ascii: "0") ? .upcA : .ean13, raw.data)
        case 14:  // ZBAR_ISBN13: the EAN-13 itself
            guard raw.data.count == 13 else { return nil }
            return make(.ean13, raw.data)
        case 10:  // ZBAR_ISBN10: rebuild the printed 978 EAN-13
            guard let ean = UPCExpansion.ean13(fromISBN10: raw.data) else { return nil }
            return make(.ean13, ean)
        case 12:  // ZBAR_UPCA
            let digits = raw.data.count == 12 ? [UInt8(ascii: "0")] + raw.data : raw.data
            guard digits.count == 13 else { return nil }
            return make(.upcA, digits)
        case 9:  // ZBAR_UPCE
            guard let expanded = UPCExpansion.ean13(fromUPCE: raw.data) else { return nil }
            return make(.upcE, expanded)
        case 8:  // ZBAR_EAN8
            return make(.ean8, raw.data)
        case 2, 5:  // a lone add-on (main code not read): not a product code on its own
            return nil
        case 128:  // ZBAR_CODE128
            return gs1 ? make(.gs1_128, raw.data) : make(.code128, raw.data)
        case 39:  // ZBAR_CODE39
            let recovered = Code39Recovery.recover(raw.data)
            return make(recovered.symbology, recovered.payload, aim: recovered.aim)
        case 93:
            return make(.code93, raw.data)
        case 38:
            return make(.codabar, raw.data)
        case 25:  // ZBAR_I25
            return make(.itf, raw.data)
        case 34:  // ZBAR_DATABAR
            return make(.dataBar, raw.data)
        case 35:  // ZBAR_DATABAR_EXP
            return make(.dataBarExpanded, raw.data)
        case 64:  // ZBAR_QRCODE
            return make(.qr, raw.data, aim: gs1 ? .gs1QR : raw.modifiers & aimModifier != 0 ? Symbology.aim("]Q5") : .qr)
        case 80:
            return make(.sqCode, raw.data)
        case 57:
            return make(.pdf417, raw.data)
        default:
            return make(.unknown, raw.data)
        }
    }

    /// Drops EAN-8 reads whose outline lies inside an EAN-13/UPC symbol's outline (zbar reads half an
    /// EAN-13 as an EAN-8 now and then).
    private static func droppingPartialEAN8(_ symbols: [DecodedSymbol]) -> [DecodedSymbol] {
        let long = symbols.filter { [.ean13, .upcA, .upcE].contains($0.symbology) }
        guard !long.isEmpty else { return symbols }
        return symbols.filter { symbol in
            guard symbol.symbology == .ean8 else { return true }
            return !long.contains { overlaps($0.location, symbol.location) }
        }
    }

    private static func overlaps(_ a: [PixelPoint], _ b: [PixelPoint]) -> Bool {
        guard let ax0 = a.map(\.x).min(), let ax1 = a.map(\.x).max(), let ay0 = a.map(\.y).min(),
              let ay1 = a.map(\.y).max(), let bx0 = b.map(\.x).min(), let bx1 = b.map(\.x).max(),
              let by0 = b.map(\.y).min(), let by1 = b.map(\.y).max()
        else { return true }  // no location: assume the same symbol
        return ax0 <= bx1 + 4 && bx0 <= ax1 + 4 && ay0 <= by1 + 4 && by0 <= ay1 + 4
    }
}
