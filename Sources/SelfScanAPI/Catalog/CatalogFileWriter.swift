import Foundation

/// Writes a catalog file record by record (buffered, flat memory). The lines go to `<path>.partial`, which is
/// renamed to `path` by `finish()`: a reader never finds a half-written file under the final name.
/// Owns its file handle: not `Sendable`, use it from one task.
public final class CatalogFileWriter {
    private var encoder: CatalogLineEncoder
    private let handle: FileHandle
    private let path: String
    private let partialPath: String
    private var pending = Data()
    private var finished = false
    private static let flushThreshold = 1 << 20

    /// Creates (or truncates) `<path>.partial` and writes the header line.
    public init(path: String, header: CatalogFileHeader) throws(CatalogFileError) {
        self.path = path
        self.partialPath = path + ".partial"
        self.encoder = CatalogLineEncoder(header: header)
        guard FileManager.default.createFile(atPath: partialPath, contents: nil),
            let handle = FileHandle(forWritingAtPath: partialPath)
        else {
            throw CatalogFileError(code: .ioError, message: "cannot create '\(partialPath)'")
        }
        self.handle = handle
        pending.append(try encoder.headerLine())
    }

    deinit {
        try? handle.close()
        if !finished { try? FileManager.default.removeItem(atPath: partialPath) }
    }

    /// Appends one record.
    public func write(_ record: CatalogRecord) throws(CatalogFileError) {
        pending.append(try encoder.line(for: record))
        if pending.count >= CatalogFileWriter.flushThreshold { try flush() }
    }

    /// Writes the trailer, syncs, closes and renames the file into place. Returns the trailer.
    @discardableResult
    public func finish() throws(CatalogFileError) -> CatalogFileTrailer {
        let (line, trailer) = encoder.trailerLine()
        pending.append(line)
        try flush()
        do {
            try handle.synchronize()
            try handle.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: partialPath, toPath: path)
        } catch {
            throw CatalogFileError(code: .ioError, message: "finishing '\(path)': \(error)")
        }
        finished = true
        return trailer
    }

    private func flush() throws(CatalogFileError) {
        do {
            try handle.write(contentsOf: pending)
        } catch {
            throw CatalogFileError(code: .ioError, message: "writing '\(partialPath)': \(error)")
        }
        pending.removeAll(keepingCapacity: true)
    }
}
