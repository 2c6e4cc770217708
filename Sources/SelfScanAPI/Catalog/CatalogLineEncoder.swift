import Crypto
import SelfScanCore
public import Foundation

/// Push encoder for the catalog format: produces the header line, one line per record, and the trailer,
/// hashing as it goes. Each returned `Data` ends with `\n`. The referential streams these lines over HTTP;
/// `CatalogFileWriter` writes them to a file.
public struct CatalogLineEncoder: Sendable {
    public let header: CatalogFileHeader
    private var hasher = SHA256()
    /// Records encoded so far.
    public private(set) var recordCount = 0
    private let encoder: JSONEncoder

    public init(header: CatalogFileHeader) {
        self.header = header
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.encoder = encoder
    }

    /// The header line (call once, first).
    public mutating func headerLine() throws(CatalogFileError) -> Data {
        try line(encoding: header, counted: false)
    }

    /// One record line. Deletions in a snapshot are refused.
    public mutating func line(for record: CatalogRecord) throws(CatalogFileError) -> Data {
        if header.kind == .snapshot, !record.isUpsert {
            throw CatalogFileError(code: .inconsistentRecord, message: "'\(record.type)' may only appear in a delta")
        }
        if header.formatVersion == 1 { return try line(encoding: record, counted: true) }
        return try line(encoding: CatalogRecordV2(record), counted: true)
    }

    /// The trailer line (call once, last): record count and SHA-256 of everything before it.
    public func trailerLine() -> (line: Data, trailer: CatalogFileTrailer) {
        let digest = Hex.lowercase(hasher.finalize())
        let trailer = CatalogFileTrailer(recordCount: recordCount, sha256: digest)
        let text = #"{"type":"end","recordCount":\#(recordCount),"sha256":"\#(digest)"}"# + "\n"
        return (Data(text.utf8), trailer)
    }

    private mutating func line(encoding value: some Encodable, counted: Bool) throws(CatalogFileError) -> Data {
        var data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            throw CatalogFileError(code: .inconsistentRecord, message: "cannot encode: \(error)")
        }
        data.append(0x0A)
        hasher.update(data: data)
        if counted { recordCount += 1 }
        return data
    }
}
