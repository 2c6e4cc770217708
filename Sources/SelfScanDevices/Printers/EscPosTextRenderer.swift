/// Renders an ESC/POS byte stream to what the paper says, for tests: text lines, `**…**` around bold, `[2x]` at
/// the start of a double-size run, `[QR:payload]`, `--- cut ---`. An unknown command throws (a test must see it).
public enum EscPosTextRenderer {
    public struct UnknownCommand: Error, Sendable, Hashable { public let offset: Int }

    public static func render(_ bytes: [UInt8]) throws(UnknownCommand) -> [String] {
        var lines: [String] = []
        var current = ""
        var pendingText: [UInt8] = []
        var qrData: [UInt8] = []
        func flushText() {
            current += CP1252.decode(pendingText)
            pendingText = []
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x0A:
                flushText()
                lines.append(current)
                current = ""
                index += 1
            case 0x1B:
                guard index + 1 < bytes.count else { throw UnknownCommand(offset: index) }
                flushText()
                switch bytes[index + 1] {
                case 0x40: index += 2
                case 0x74, 0x61: index += 3
                case 0x45:
                    guard index + 2 < bytes.count else { throw UnknownCommand(offset: index) }
                    current += "**"
                    index += 3
                default: throw UnknownCommand(offset: index)
                }
            case 0x1D:
                guard index + 2 < bytes.count else { throw UnknownCommand(offset: index) }
                flushText()
                switch bytes[index + 1] {
                case 0x21:
                    if bytes[index + 2] != 0 { current += "[\(Int(bytes[index + 2] >> 4) + 1)x]" }
                    index += 3
                case 0x56:
                    if !current.isEmpty { lines.append(current); current = "" }
                    lines.append("--- cut ---")
                    index += bytes[index + 2] >= 0x41 ? 4 : 3
                case 0x28 where bytes[index + 2] == 0x6B:
                    guard index + 7 < bytes.count else { throw UnknownCommand(offset: index) }
                    let length = Int(bytes[index + 3]) | Int(bytes[index + 4]) << 8
                    let function = bytes[index + 6]
                    guard index + 5 + length <= bytes.count else { throw UnknownCommand(offset: index) }
                    if function == 0x50 { qrData = Array(bytes[(index + 8)..<(index + 5 + length)]) }
                    if function == 0x51 {
                        if !current.isEmpty { lines.append(current); current = "" }
                        lines.append("[QR:\(String(decoding: qrData, as: UTF8.self))]")
                    }
                    index += 5 + length
                default: throw UnknownCommand(offset: index)
                }
            default:
                pendingText.append(byte)
                index += 1
            }
        }
        flushText()
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
