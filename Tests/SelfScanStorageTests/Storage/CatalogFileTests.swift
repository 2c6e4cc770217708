import Foundation
@testable import SelfScanAPI
import SelfScanCore
import Testing
@testable import SelfScanStorage

@Suite("Catalog file format: write, stream back, refuse damage")
struct CatalogFileTests {
    let published = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func roundTripsEveryRecordKind() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let records = try StorageFixtures.snapshotRecords()
        let header = CatalogFileHeader.snapshot(version: .init(7), currency: .eur, createdAt: published)
        let path = try StorageFixtures.writeCatalog(in: directory, header: header, records: records)
        let reader = try CatalogFileReader(path: path)
        #expect(reader.header == header)
        var read: [CatalogRecord] = []
        let trailer = try reader.forEach { read.append($0) }
        #expect(read == records)
        #expect(trailer.recordCount == records.count)
        #expect(!FileManager.default.fileExists(atPath: path + ".partial"))
    }

    @Test func deltaRecordsIncludingDeletionsRoundTrip() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let records: [CatalogRecord] = [.deleteProduct("P1"), .deletePromotion("X"), .deleteCustomer("C1")]
        let header = CatalogFileHeader.delta(from: .init(7), to: .init(8), currency: .eur, createdAt: published)
        let path = try StorageFixtures.writeCatalog(in: directory, header: header, records: records)
        var read: [CatalogRecord] = []
        _ = try CatalogFileReader(path: path).forEach { read.append($0) }
        #expect(read == records)
    }

    @Test func aSnapshotMayNotDelete() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let header = CatalogFileHeader.snapshot(version: .init(1), currency: .eur, createdAt: published)
        let writer = try CatalogFileWriter(path: directory.appendingPathComponent("x").path, header: header)
        let error = #expect(throws: CatalogFileError.self) { try writer.write(.deleteProduct("P1")) }
        #expect(error?.code == .inconsistentRecord)
    }

    /// Cuts the file at many byte offsets: every cut is refused, none reads as a whole file.
    @Test func everyTruncationIsDetected() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let header = CatalogFileHeader.snapshot(version: .init(3), currency: .eur, createdAt: published)
        let path = try StorageFixtures.writeCatalog(
            in: directory, header: header, records: try StorageFixtures.snapshotRecords())
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        let cutPath = directory.appendingPathComponent("cut.jsonl").path
        for length in stride(from: 0, to: whole.count - 1, by: 37) {
            try whole.prefix(length).write(to: URL(fileURLWithPath: cutPath))
            #expect(throws: CatalogFileError.self, "cut at \(length) of \(whole.count)") {
                _ = try CatalogFileReader(path: cutPath).forEach { _ in }
            }
        }
    }

    @Test func anAlteredByteFailsTheChecksum() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let header = CatalogFileHeader.snapshot(version: .init(3), currency: .eur, createdAt: published)
        let path = try StorageFixtures.writeCatalog(
            in: directory, header: header, records: try StorageFixtures.snapshotRecords())
        let text = try String(contentsOfFile: path, encoding: .utf8)
        // 3.49 € becomes 9.49 €: still valid JSON, still a valid record.
        let altered = text.replacingOccurrences(of: "\"minor\":349", with: "\"minor\":949")
        #expect(altered != text)
        try altered.write(toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: CatalogFileError.self) { _ = try CatalogFileReader(path: path).forEach { _ in } }
        #expect(error?.code == .checksumMismatch)
    }

    @Test func refusesForeignFilesAndUnknownRecords() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let path = directory.appendingPathComponent("x.jsonl").path
        try "id,name,price\n1,Pate,3.49\n".write(toFile: path, atomically: true, encoding: .utf8)
        let foreign = #expect(throws: CatalogFileError.self) { _ = try CatalogFileReader(path: path) }
        #expect(foreign?.code == .notACatalog)
        var decoder = CatalogLineDecoder()
        let header = CatalogFileHeader.snapshot(version: .init(1), currency: .eur, createdAt: published)
        var encoder = CatalogLineEncoder(header: header)
        _ = try decoder.decode(line: try encoder.headerLine().dropLast())
        let error = #expect(throws: CatalogFileError.self) {
            _ = try decoder.decode(line: Data(#"{"type":"coffee","coffee":{}}"#.utf8))
        }
        #expect(error?.code == .unknownRecordType)
        #expect(error?.line == 2)
    }
}
