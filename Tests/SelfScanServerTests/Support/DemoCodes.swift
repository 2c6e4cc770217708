import SelfScanDemo
import SelfScanCore
import Testing

/// Scannable payload text for the demo catalog's products (what a scan gun would send).
enum DemoCodes {
    static func ean(_ product: ProductID) throws -> String { try #require(DemoCatalog.gtin(of: product)).printedForm }

    /// A scale label: 2-digit prefix + item reference + 5-digit value + EAN-13 check digit.
    static func scaleLabel(_ prefix: String, _ product: ProductID, value: Int) throws -> String {
        let reference = try #require(DemoCatalog.itemReference(of: product))
        let text = String(value)
        let body = prefix + reference + String(repeating: "0", count: 5 - text.count) + text
        return body + String(GTIN.checkDigit(of: body.map { Int(String($0)) ?? 0 }))
    }
}
