/// Decodes the escapes a person types for a scanned payload on a command line: `\x1D` (or `\x1d`) for
/// GS/FNC1 and any `\xHH` byte, `\\` for a backslash. Other backslashes are kept as they are.
public enum PayloadEscapes {
    public static func decode(_ text: String) -> [UInt8] {
        let input = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "\\"), index + 1 < input.count {
                let next = input[index + 1]
                if next == UInt8(ascii: "\\") {
                    output.append(byte)
                    index += 2
                    continue
                }
                if next == UInt8(ascii: "x") || next == UInt8(ascii: "X"), index + 3 < input.count,
                    let high = GS1DigitalLink.hexValue(input[index + 2]), let low = GS1DigitalLink.hexValue(input[index + 3])
                {
                    output.append(high << 4 | low)
                    index += 4
                    continue
                }
            }
            output.append(byte)
            index += 1
        }
        return output
    }
}
