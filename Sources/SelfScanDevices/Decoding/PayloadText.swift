import Glibc

/// Turns payload bytes into text: UTF-8 when valid; else Shift-JIS when glibc's iconv accepts all of it
/// as Windows-31J/CP932, where 0x5C stays a backslash as QR writers mean it
/// (QR Kanji/byte mode in Japan); else ISO-8859-1, QR's default byte-mode character set.
enum PayloadText {
    static func decode(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        if let text = iconvToUTF8(bytes, from: "CP932") { return text }
        return String(decoding: bytes.map { UInt16($0) }, as: UTF16.self)
    }

    /// Converts with glibc iconv; `nil` on any invalid or incomplete sequence.
    static func iconvToUTF8(_ bytes: [UInt8], from encoding: String) -> String? {
        let converter = iconv_open("UTF-8", encoding)
        guard let converter, converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 4 + 4)
        let produced: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer = inBuffer.baseAddress
                var inLeft = inBuffer.count
                var outPointer = outBuffer.baseAddress
                var outLeft = outBuffer.count
                guard iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) != -1, inLeft == 0 else { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let produced else { return nil }
        return String(validating: output.prefix(produced).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
