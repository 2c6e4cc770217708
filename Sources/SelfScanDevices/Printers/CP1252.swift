/// Windows-1252, the code page the receipt printer is switched to (`ESC t 16`, Epson's "WPC1252").
///
/// Why not CP858 (CP850 with €): French product names need `œ`/`Œ` ("œufs", "bœuf"), which CP858 lacks (it
/// would print "oeufs"); CP1252 has them, the €, every French accent and « ». Printers without WPC1252 in their
/// code page table need a profile with another page (not supported yet).
public enum CP1252 {
    /// The code page number of `ESC t n` for WPC1252 on Epson-compatible printers.
    public static let escPosPage: UInt8 = 16

    private static let high: [Character: UInt8] = [
        "€": 0x80, "‚": 0x82, "ƒ": 0x83, "„": 0x84, "…": 0x85, "†": 0x86, "‡": 0x87, "ˆ": 0x88, "‰": 0x89,
        "Š": 0x8A, "‹": 0x8B, "Œ": 0x8C, "Ž": 0x8E, "‘": 0x91, "’": 0x92, "“": 0x93, "”": 0x94, "•": 0x95,
        "–": 0x96, "—": 0x97, "˜": 0x98, "™": 0x99, "š": 0x9A, "›": 0x9B, "œ": 0x9C, "ž": 0x9E, "Ÿ": 0x9F,
    ]
    private static let reverse: [UInt8: Character] = Dictionary(uniqueKeysWithValues: high.map { ($0.value, $0.key) })

    /// Characters the page lacks that have a faithful stand-in: the minus sign and non-breaking hyphens as `-`,
    /// the narrow no-break space (before `%` in French) as the no-break space.
    private static let standIns: [Character: UInt8] = ["−": 0x2D, "‐": 0x2D, "‑": 0x2D, "\u{202F}": 0xA0]

    /// The bytes of `text`; a character the page lacks (and has no stand-in for) prints as `?`.
    public static func encode(_ text: String) -> [UInt8] {
        text.map { character -> UInt8 in
            if let byte = high[character] { return byte }
            if let byte = standIns[character] { return byte }
            guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first else { return 0x3F }
            switch scalar.value {
            case 0x20..<0x7F, 0xA0...0xFF: return UInt8(scalar.value)
            default: return 0x3F
            }
        }
    }

    /// The text of `bytes` (the renderer's inverse of `encode`).
    public static func decode(_ bytes: some Sequence<UInt8>) -> String {
        String(
            bytes.map { byte -> Character in
                if let character = reverse[byte] { return character }
                return Character(Unicode.Scalar(byte))
            })
    }
}
