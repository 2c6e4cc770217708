import Foundation
import SelfScanAPI
import SelfScanCore
import Testing
@testable import SelfScanStorage

/// Issue 15 item 11: a catalog file naming an impossible price or age is refused whole, with its line.
@Suite("Catalog file: impossible prices and ages are refused with their line")
struct CatalogSanityTests {
    let published = Date(timeIntervalSince1970: 1_795_000_000)

    static let impossible: [(name: String, product: Product)] = [
        ("negative price", Product(id: "NEG", name: "n", pricing: .unit(Money(minor: -199, currency: .eur)), vatRate: .frStandard)),
        ("zero price", Product(id: "ZERO", name: "z", pricing: .unit(Money(minor: 0, currency: .eur)), vatRate: .frStandard)),
        ("absurd price per kg", Product(id: "ABSURD", name: "a", pricing: .perKilogram(Money(minor: 92_233_720_368_547_758, currency: .eur)), vatRate: .frStandard)),
        ("negative minimum age", Product(id: "AGE", name: "g", pricing: .unit(Money(minor: 199, currency: .eur)), vatRate: .frStandard, minimumAge: -18)),
    ]

    @Test(arguments: 0..<impossible.count)
    func impossibleProductIsRefusedWithItsLine(index: Int) throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let good = Product(id: "OK", name: "ok", pricing: .unit(Money(minor: 199, currency: .eur)), vatRate: .frStandard)
        let header = CatalogFileHeader.snapshot(version: .init(1), currency: .eur, createdAt: published)
        let path = try StorageFixtures.writeCatalog(
            in: directory, header: header, records: [.product(good), .product(Self.impossible[index].product)])
        let reader = try CatalogFileReader(path: path)
        let error = #expect(throws: CatalogFileError.self, "\(Self.impossible[index].name)") {
            _ = try reader.forEach { _ in }
        }
        #expect(error?.code == .invalidValue)
        #expect(error?.line == 3)  // header, the good product, then this one
    }
}
