import Foundation
import SelfScanCore
import SelfScanReferential
import Testing

/// Issue 15 item 11: the CSV catalog importer refuses impossible prices and ages with their row, and never
/// traps on a price beyond Int64.
@Suite("CSV catalog import: impossible values are refused with their row")
struct CatalogImportSanityTests {
    static let header = "id,gtin,name,price,currency,vat_bp,minimum_age\n"
    static let good = "OK,,Pain,1.99,EUR,550,\n"

    @Test(arguments: [
        "HUGE,,Overflow,92233720368547758.08,EUR,2000,\n",
        "MAX,,Max,92233720368547758.07,EUR,2000,\n",
        "NEG,,Negative,-1.99,EUR,2000,\n",
        "ZERO,,Free,0.00,EUR,2000,\n",
        "AGE,,Wine,6.90,EUR,2000,-18\n",
        "AGEX,,Wine,6.90,EUR,2000,abc\n",
    ])
    func impossibleRowIsRefusedNamingItsRow(row: String) throws {
        let error = #expect(throws: ReferentialError.self) {
            _ = try CatalogImport.records(csv: Self.header + Self.good + row)
        }
        #expect(error.map { "\($0)" }?.contains("row 3") == true, "\(String(describing: error))")
    }

    @Test func parseDecimalIsOverflowChecked() {
        #expect(CatalogImport.parseDecimal("92233720368547758.08", minorUnits: 2) == nil)
        #expect(CatalogImport.parseDecimal("92233720368547758.07", minorUnits: 2) == Int64.max)
        #expect(CatalogImport.parseDecimal("1.99", minorUnits: 2) == 199)
    }

    @Test func saneRowsImport() throws {
        let records = try CatalogImport.records(csv: Self.header + Self.good + "WINE,,Vin,6.90,EUR,2000,18\n")
        #expect(records.count == 2)
    }
}
