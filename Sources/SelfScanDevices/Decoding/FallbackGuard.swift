import CZXingFallback
import SelfScanCore

/// The false-read guard on zxing-cpp's fallback results: a result becomes a `DecodedSymbol` only when its
/// own redundancy checks out, and in the same normal form as zbar's (`SymbolNormaliser`):
/// - EAN-13 / UPC-A / UPC-E / EAN-8: digits only, the right length, a valid GTIN check digit; UPC-A and
///   UPC-E in 13-digit EAN-13 form;
/// - ITF: only ITF-14 (a GTIN-14 with a valid check digit): shorter ITF has no check digit to trust;
/// - DataBar: `01` + GTIN-14 with a valid check digit;
/// - DataBar Expanded and GS1-128 (`]C1`): a GS1 element string every AI of which `GS1Parser` accepts,
///   rebuilt with GS (0x1D) after variable-length fields;
/// - Code 128: accepted as read (its mod-103 check is mandatory and zxing-cpp verifies it);
/// - QR: accepted as read (Reed-Solomon); GS1 QR (`]Q3`) must parse as GS1.
/// Anything else (formats not asked for, empty text) is dropped.
enum FallbackGuard {
    static func accept(_ found: ZXingFallback.Found) -> DecodedSymbol? {
        guard !found.text.isEmpty else { return nil }
        let format = Int(found.format)
        func make(_ symbology: Symbology, _ payload: [UInt8], aim: AIMIdentifier? = nil) -> DecodedSymbol {
            DecodedSymbol(symbology: symbology, aim: aim ?? symbology.defaultAIM, payload: payload, quality: 1,
                          location: found.corners, pass: .zxingFallback)
        }
        switch format {
        case CZX_EAN13:
            guard found.text.count == 13, validGTIN(found.text) else { return nil }
            return make(found.text.first == UInt8(ascii: "0") ? .upcA : .ean13, found.text)
        case CZX_UPCA:
            let digits = found.text.count == 12 ? [UInt8(ascii: "0")] + found.text : found.text
            guard digits.count == 13, validGTIN(digits) else { return nil }
            return make(.upcA, digits)
        case CZX_UPCE:
            guard found.text.count == 8, allDigits(found.text), let expanded = UPCExpansion.ean13(fromUPCE: found.text),
                  validGTIN(expanded), expanded.last == found.text.last
            else { return nil }
            return make(.upcE, expanded)
        case CZX_EAN8:
            guard found.text.count == 8, validGTIN(found.text) else { return nil }
            return make(.ean8, found.text)
        case CZX_ITF:
            guard found.text.count == 14, validGTIN(found.text) else { return nil }
            return make(.itf, found.text)
        case CZX_DATABAR:
            var digits = found.text
            if digits.count == 14 { digits = Array("01".utf8) + digits }
            guard digits.count == 16, digits.starts(with: Array("01".utf8)), validGTIN(Array(digits.dropFirst(2)))
            else { return nil }
            return make(.dataBar, digits)
        case CZX_DATABAR_EXPANDED:
            guard let element = gs1ElementString(found.text) else { return nil }
            return make(.dataBarExpanded, element)
        case CZX_CODE128:
            if found.aim == "]C1" {
                guard let element = gs1ElementString(found.text) else { return nil }
                return make(.gs1_128, element)
            }
            return make(.code128, found.text)
        case CZX_QRCODE:
            if found.aim == "]Q3" {
                guard let element = gs1ElementString(found.text) else { return nil }
                return make(.qr, element, aim: .gs1QR)
            }
            return make(.qr, found.text)
        default:
            return nil
        }
    }

    static func allDigits(_ text: [UInt8]) -> Bool {
        text.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// Digits only, and the last one is the GS1 check digit of the others.
    static func validGTIN(_ text: [UInt8]) -> Bool {
        guard text.count >= 8, allDigits(text) else { return false }
        let values = text.map { Int($0 - UInt8(ascii: "0")) }
        return GTIN.checkDigit(of: values.dropLast()) == values.last
    }

    /// `text` (raw with GS separators, or bracketed `(01)…(10)…`) as a raw GS1 element string, every
    /// value validated; GS after each variable-length field but the last. `nil` when it does not parse.
    static func gs1ElementString(_ text: [UInt8]) -> [UInt8]? {
        guard let parsed = try? GS1Parser.parse(String(decoding: text, as: UTF8.self)), !parsed.elements.isEmpty
        else { return nil }
        var out: [UInt8] = []
        for (index, element) in parsed.elements.enumerated() {
            out += Array(element.ai.utf8) + Array(element.value.utf8)
            let predefined = GS1ApplicationIdentifier.predefinedLengthPrefixes.contains(String(element.ai.prefix(2)))
            if !predefined, index < parsed.elements.count - 1 { out.append(GS1Parser.groupSeparator) }
        }
        return out
    }
}
