/// zbar often reports an EAN-2/EAN-5 add-on as a symbol of its own rather than as a composite. An add-on
/// belongs to an EAN/UPC only where GS1 puts it: right after the main symbol in its reading direction
/// (a 7–12 module gap), on the same bars' height. Lone add-ons that fit are merged into a composite
/// (as zbar would have); add-ons that fit nothing are dropped, never reported on their own.
enum AddOnPairing {
    static func pair(_ raw: [RawSymbol], policy: AddOnPolicy) -> [RawSymbol] {
        let isAddOn: (RawSymbol) -> Bool = { [2, 5].contains($0.type & 0xFF) }
        let accepted: Set<Int> = switch policy {
        case .ignore: []
        case .fiveDigit: [5]
        case .all: [2, 5]
        }
        let isMain: (RawSymbol) -> Bool = { [8, 9, 10, 12, 13, 14].contains($0.type & 0xFF) }
        let addOns = raw.filter(isAddOn)
        let mains = raw.filter(isMain)
        guard addOns.count == 1, let addOn = addOns.first, accepted.contains(addOn.type & 0xFF),
              mains.count == 1, let main = mains.first, sitsAfter(addOn, main)
        else { return raw.filter { !isAddOn($0) } }
        let composite = RawSymbol(
            type: 15, modifiers: main.modifiers, data: main.data + addOn.data, quality: main.quality,
            location: main.location + addOn.location, orientation: main.orientation, components: [main, addOn])
        return raw.filter { !isAddOn($0) && !isMain($0) } + [composite]
    }

    /// Whether `addOn` lies just past the end of `main` along main's reading direction.
    static func sitsAfter(_ addOn: RawSymbol, _ main: RawSymbol) -> Bool {
        guard !addOn.location.isEmpty, !main.location.isEmpty else { return false }
        // zbar orientation: 0 up (read left→right), 1 right (top→bottom), 2 down, 3 left.
        let along: (PixelPoint) -> Int
        let across: (PixelPoint) -> Int
        switch main.orientation {
        case 1: (along, across) = ({ $0.y }, { $0.x })
        case 2: (along, across) = ({ -$0.x }, { $0.y })
        case 3: (along, across) = ({ -$0.y }, { $0.x })
        default: (along, across) = ({ $0.x }, { $0.y })
        }
        let mainAlong = main.location.map(along), addAlong = addOn.location.map(along)
        let mainAcross = main.location.map(across), addAcross = addOn.location.map(across)
        guard let m0 = mainAlong.min(), let m1 = mainAlong.max(), let a1 = addAlong.max(),
              let c0 = mainAcross.min(), let c1 = mainAcross.max(), let d0 = addAcross.min(), let d1 = addAcross.max()
        else { return false }
        // zbar's outline of a linear symbol spans its bars; the add-on's reaches its far end. In modules:
        // EAN-13/UPC-A 95, EAN-8 67, UPC-E 51 wide; then a 7–12 module gap and the add-on (EAN-5 47, EAN-2 20).
        let mainModules = switch main.type & 0xFF { case 8: 67.0; case 9: 51.0; default: 95.0 }
        let addOnModules = (addOn.type & 0xFF) == 5 ? 47.0 : 20.0
        let moduleWidth = Double(max(1, m1 - m0)) / mainModules
        let reach = Double(a1 - m1) / moduleWidth
        let expected = addOnModules + 9.5
        return reach >= expected * 0.7 && reach <= expected * 1.3 && d0 <= c1 && c0 <= d1
    }
}

/// Which EAN/UPC add-ons are appended to the main code's payload (AIM `]E3`).
public enum AddOnPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Report the main code only.
    case ignore
    /// Append EAN-5 add-ons (book prices, periodicals); drop EAN-2, whose 2-bit parity check lets zbar
    /// report phantom ones (measured on the corpus: every EAN-2 it found was in a folder that expects none).
    case fiveDigit
    /// Append EAN-2 and EAN-5 add-ons.
    case all
}
