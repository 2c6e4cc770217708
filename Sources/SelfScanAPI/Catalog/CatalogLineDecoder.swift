import Crypto
import SelfScanCore
public import Foundation
import SelfScanCore

/// One decoded line of a catalog file.
public enum CatalogFileElement: Sendable, Hashable {
    case header(CatalogFileHeader)
    case record(CatalogRecord)
    /// The trailer, already checked against the lines before it: the file is whole.
    case trailer(CatalogFileTrailer)
}

/// Push decoder for the catalog format: feed it lines (without their newline) in order; it checks the header,
/// decodes records, counts and hashes them, and verifies the trailer. It holds one line at a time, so a
/// reader of any size (a file, an HTTP body) streams through it.
public struct CatalogLineDecoder: Sendable {
    /// Longer lines are refused (`lineTooLong`): a damaged file must not make a reader buffer gigabytes.
    public static let maximumLineLength = 16 * 1024 * 1024

    private enum Stage: Sendable { case expectingHeader, records, finished }

    private var stage = Stage.expectingHeader
    private var hasher = SHA256()
    private var lineNumber = 0
    /// The header, once read.
    public private(set) var header: CatalogFileHeader?
    /// Record lines decoded so far.
    public private(set) var recordCount = 0
    private let decoder: JSONDecoder

    public init() {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        self.decoder = decoder
    }

    /// Whether the trailer was read and verified.
    public var isFinished: Bool { stage == .finished }

    /// Decodes the next line (its bytes without the terminating `\n`; a trailing `\r` is tolerated).
    public mutating func decode(line: Data) throws(CatalogFileError) -> CatalogFileElement {
        lineNumber += 1
        let number = lineNumber
        guard line.count <= CatalogLineDecoder.maximumLineLength else {
            throw CatalogFileError(code: .lineTooLong, line: number, message: "line of \(line.count) bytes")
        }
        switch stage {
        case .expectingHeader:
            let header: CatalogFileHeader
            do {
                header = try decoder.decode(CatalogFileHeader.self, from: line)
            } catch {
                throw CatalogFileError(
                    code: .notACatalog, line: number,
                    message: "the first line is not a selfscan-catalog header (\(CatalogLineDecoder.brief(error)))")
            }
            guard header.format == CatalogFileHeader.formatName else {
                throw CatalogFileError(code: .notACatalog, line: number, message: "format is '\(header.format)'")
            }
            guard CatalogFileHeader.readableFormatVersions.contains(header.formatVersion) else {
                throw CatalogFileError(
                    code: .unsupportedFormatVersion, line: number,
                    message: "format version \(header.formatVersion); this build reads versions "
                        + "\(CatalogFileHeader.readableFormatVersions.lowerBound)…"
                        + "\(CatalogFileHeader.readableFormatVersions.upperBound)")
            }
            switch header.kind {
            case .snapshot where header.baseVersion != nil:
                throw CatalogFileError(code: .notACatalog, line: number, message: "a snapshot has no baseVersion")
            case .delta where header.baseVersion == nil:
                throw CatalogFileError(code: .notACatalog, line: number, message: "a delta needs a baseVersion")
            default: break
            }
            self.header = header
            absorb(line)
            stage = .records
            return .header(header)
        case .records:
            let record: CatalogRecord
            do {
                record = try decodeRecord(line)
            } catch let unknown as CatalogRecord.UnknownRecordType {
                guard unknown.type == "end" else {
                    throw CatalogFileError(
                        code: .unknownRecordType, line: number, message: "record type '\(unknown.type)' is not defined")
                }
                return .trailer(try verifyTrailer(line, number: number))
            } catch {
                throw CatalogFileError(code: .malformedLine, line: number, message: CatalogLineDecoder.brief(error))
            }
            if case .product(let product) = record, let problem = ProductSanity.problem(with: product) {
                throw CatalogFileError(code: .invalidValue, line: number, message: problem)
            }
            if header?.kind == .snapshot, !record.isUpsert {
                throw CatalogFileError(
                    code: .inconsistentRecord, line: number, message: "'\(record.type)' may only appear in a delta")
            }
            absorb(line)
            recordCount += 1
            return .record(record)
        case .finished:
            throw CatalogFileError(code: .dataAfterTrailer, line: number, message: "a line follows the trailer")
        }
    }

    /// Call at the end of the input: throws `truncated` unless the trailer was read and verified.
    public func finish() throws(CatalogFileError) {
        switch stage {
        case .finished: return
        case .expectingHeader:
            throw CatalogFileError(code: .truncated, message: "the input is empty")
        case .records:
            throw CatalogFileError(
                code: .truncated, line: lineNumber,
                message: "the input ended after \(recordCount) records without its trailer (cut or incomplete)")
        }
    }

    /// A record line in the header's format version: v1 through the fast path or the core types' JSON, v2
    /// through its fast path or its designed wire types.
    private func decodeRecord(_ line: Data) throws -> CatalogRecord {
        if header?.formatVersion == 1 {
            return try CatalogFastDecoder.decode(line) ?? decoder.decode(CatalogRecord.self, from: line)
        }
        return try CatalogFastDecoder.decodeV2(line) ?? decoder.decode(CatalogRecordV2.self, from: line).record
    }

    private mutating func verifyTrailer(_ line: Data, number: Int) throws(CatalogFileError) -> CatalogFileTrailer {
        let trailer: CatalogFileTrailer
        do {
            trailer = try decoder.decode(CatalogFileTrailer.self, from: line)
        } catch {
            throw CatalogFileError(
                code: .malformedLine, line: number, message: "bad trailer (\(CatalogLineDecoder.brief(error)))")
        }
        guard trailer.recordCount == recordCount else {
            throw CatalogFileError(
                code: .recordCountMismatch, line: number,
                message: "the trailer announces \(trailer.recordCount) records, \(recordCount) were read")
        }
        let digest = Hex.lowercase(hasher.finalize())
        guard trailer.sha256.lowercased() == digest else {
            throw CatalogFileError(
                code: .checksumMismatch, line: number,
                message: "SHA-256 of the lines is \(digest), the trailer says \(trailer.sha256)")
        }
        stage = .finished
        return trailer
    }

    private mutating func absorb(_ line: Data) {
        hasher.update(data: line)
        hasher.update(data: CatalogLineDecoder.newline)
    }

    private static let newline = Data([0x0A])

    private static func brief(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty:
            "bad value at \(path(context)): \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            "invalid JSON: \(context.debugDescription)"
        case DecodingError.keyNotFound(let key, let context):
            "missing '\(key.stringValue)' at \(path(context))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong value at \(path(context)): \(context.debugDescription)"
        default:
            "\(error)"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let keys = context.codingPath.map(\.stringValue)
        return keys.isEmpty ? "top level" : keys.joined(separator: ".")
    }
}
