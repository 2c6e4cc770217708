public import FoundationEssentials

/// Lowercase hexadecimal text of bytes (digests, tokens, fingerprints): one implementation for every module,
/// built from the nibbles without per-byte string formatting.
public enum Hex {
    /// `[0x0a, 0xff]` → `"0aff"`. Inlinable, so that each caller's sequence type (a digest, an array) is iterated
    /// directly rather than through generic witnesses (3.6 % of the referential's ingest CPU before).
    @inlinable
    public static func lowercase(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digit(byte >> 4))
            out.append(digit(byte & 0x0F))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The ASCII digit of a nibble (0…15).
    @inlinable
    static func digit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }

    /// `UUID.uuidString` (canonical 8-4-4-4-12, upper case) without its `snprintf` of 16 arguments, which was
    /// 3.3 % of the daemon's CPU per scan (every line id of the session view is written on every scan).
    public static func uuidUppercase(_ uuid: UUID) -> String {
        withUnsafeBytes(of: uuid.uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                var position = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    let byte = bytes[index]
                    out[position] = upperDigit(byte >> 4)
                    out[position + 1] = upperDigit(byte & 0x0F)
                    position += 2
                }
                return position
            }
        }
    }

    static func upperDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x37 + nibble }
}
