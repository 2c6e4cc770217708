import Foundation

/// Reads a catalog file record by record, 1 MiB at a time: memory stays flat whatever the file's size.
/// `next()` returns `nil` only once the trailer has been read and verified; a cut or altered file throws.
/// Owns its file handle: not `Sendable`, use it from one task.
public final class CatalogFileReader {
    /// The file's header (read by `init`).
    public let header: CatalogFileHeader
    /// The verified trailer, once `next()` has returned `nil`.
    public private(set) var trailer: CatalogFileTrailer?

    private let handle: FileHandle
    private let path: String
    private var decoder = CatalogLineDecoder()
    private var lines = LineBuffer()
    private static let chunkSize = 1 << 20

    /// Opens `path` and reads its header.
    public init(path: String) throws(CatalogFileError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CatalogFileError(code: .ioError, message: "cannot open '\(path)' for reading")
        }
        self.handle = handle
        self.path = path
        var firstDecoder = CatalogLineDecoder()
        var firstLines = LineBuffer()
        guard let line = try CatalogFileReader.nextLine(handle, &firstLines, path: path) else {
            try? handle.close()
            throw CatalogFileError(code: .truncated, message: "'\(path)' is empty")
        }
        guard case .header(let header) = try firstDecoder.decode(line: line) else {
            try? handle.close()
            throw CatalogFileError(code: .notACatalog, line: 1, message: "no header")
        }
        self.header = header
        self.decoder = firstDecoder
        self.lines = firstLines
    }

    deinit { try? handle.close() }

    /// The next record, or `nil` after the verified trailer.
    public func next() throws(CatalogFileError) -> CatalogRecord? {
        if trailer != nil { return nil }
        while true {
            guard let line = try CatalogFileReader.nextLine(handle, &lines, path: path) else {
                try decoder.finish()
                return nil
            }
            switch try decoder.decode(line: line) {
            case .record(let record):
                return record
            case .trailer(let trailer):
                self.trailer = trailer
                // Anything but blank space after the trailer is refused.
                while let extra = try CatalogFileReader.nextLine(handle, &lines, path: path) {
                    if extra.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
                    _ = try decoder.decode(line: extra)
                }
                return nil
            case .header:
                throw CatalogFileError(code: .malformedLine, message: "a second header")
            }
        }
    }

    /// Reads every remaining record, calling `body` for each; returns the verified trailer.
    public func forEach(_ body: (CatalogRecord) throws -> Void) throws -> CatalogFileTrailer {
        while let record = try next() { try body(record) }
        guard let trailer else { throw CatalogFileError(code: .truncated, message: "no trailer") }
        return trailer
    }

    /// The next line without its `\n` (and `\r`), or `nil` at the end of the file. A last line without a
    /// newline is returned as is (the decoder then decides: a trailer is whole, a record is not).
    /// `position` is where the unread bytes of `buffer` start: lines are sliced, never shifted one by one.
    private static func nextLine(
        _ handle: FileHandle, _ lines: inout LineBuffer, path: String
    ) throws(CatalogFileError) -> Data? {
        var searchFrom = lines.position
        while true {
            if let newline = newlineIndex(in: lines.bytes, from: searchFrom) {
                var end = newline
                if end > lines.position, lines.bytes[end - 1] == 0x0D { end -= 1 }
                let line = Data(lines.bytes[lines.position..<end])
                lines.position = newline + 1
                return line
            }
            if lines.atEndOfFile {
                guard lines.position < lines.bytes.count else { return nil }
                let line = Data(lines.bytes[lines.position...])
                lines.position = lines.bytes.count
                return line
            }
            guard lines.bytes.count - lines.position <= CatalogLineDecoder.maximumLineLength else {
                throw CatalogFileError(code: .lineTooLong, message: "a line is longer than 16 MiB")
            }
            // Drop the consumed bytes once, then append the next chunk.
            let unread = lines.bytes.count - lines.position
            lines.bytes.removeFirst(lines.position)
            lines.position = 0
            searchFrom = unread
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: chunkSize)
            } catch {
                throw CatalogFileError(code: .ioError, message: "reading '\(path)': \(error)")
            }
            if let chunk, !chunk.isEmpty { lines.bytes.append(contentsOf: chunk) } else { lines.atEndOfFile = true }
        }
    }
}

/// The index of the first `\n` in `bytes` at or after `start` (`memchr`: the generic `firstIndex(of:)` over an
/// `ArraySlice` compared byte by byte, 1 % of an import's CPU).
private func newlineIndex(in bytes: [UInt8], from start: Int) -> Int? {
    bytes.withUnsafeBufferPointer { buffer -> Int? in
        guard start < buffer.count, let base = buffer.baseAddress,
            let hit = memchr(base + start, 0x0A, buffer.count - start)
        else { return nil }
        return base.distance(to: UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)))
    }
}

/// Bytes read but not yet returned as lines.
struct LineBuffer {
    var bytes: [UInt8] = []
    var position = 0
    var atEndOfFile = false
}
