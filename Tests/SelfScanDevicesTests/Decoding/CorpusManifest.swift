import Foundation

/// The shared barcode corpus (env `SELFSCAN_CORPUS`, fallback /work/shared/corpus): MANIFEST.tsv rows.
struct CorpusManifest {
    struct Row: Sendable {
        let path: String
        let symbology: String
        let expected: [UInt8]
    }

    let root: String
    let rows: [Row]

    static func load() throws -> CorpusManifest {
        let root = ProcessInfo.processInfo.environment["SELFSCAN_CORPUS"] ?? "/work/shared/corpus"
        let text = try String(contentsOfFile: root + "/MANIFEST.tsv", encoding: .utf8)
        var rows: [Row] = []
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 3 else { continue }
            rows.append(Row(path: String(fields[0]), symbology: String(fields[1]), expected: unescape(fields[2])))
        }
        return CorpusManifest(root: root, rows: rows)
    }

    /// MANIFEST escapes: `\\`, `\t`, `\n`, `\r`, `\xHH`.
    static func unescape(_ field: Substring) -> [UInt8] {
        let bytes = Array(field.utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count {
                let next = bytes[index + 1]
                if next == UInt8(ascii: "x"), index + 3 < bytes.count,
                   let value = UInt8(String(decoding: bytes[(index + 2)...(index + 3)], as: UTF8.self), radix: 16) {
                    out.append(value)
                    index += 4
                    continue
                }
                switch next {
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                default: out.append(next)
                }
                index += 2
                continue
            }
            out.append(bytes[index])
            index += 1
        }
        return out
    }
}
