import ArgumentParser
import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanServer
import SelfScanStorage

/// `selfscan labels`: a sheet of shelf labels (SVG) for a department of the store's catalog cache, or for the
/// products of a catalog delta file (the price changes of the day).
struct LabelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labels",
        abstract: "Writes a sheet of shelf labels (SVG: price, unit price, GS1 Digital Link QR code).")

    @OptionGroup var database: DatabaseOption
    @Option(help: "Every product of this department (catalog v2 attribute).") var department: String?
    @Option(help: "Every product record of this catalog delta file (a price-change delta).") var delta: String?
    @Option(help: "The address the QR codes point to, before /01/<GTIN> (the store's host).")
    var baseURL: String = "https://127.0.0.1:8080"
    @Argument(help: "Output SVG file.") var output: String

    func validate() throws {
        guard (department == nil) != (delta == nil) else {
            throw ValidationError("give exactly one of --department NAME or --delta FILE")
        }
        guard baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://") else {
            throw ValidationError("--base-url must start with https:// or http://")
        }
    }

    func run() async throws {
        let products: [Product]
        if let delta {
            let reader = try CatalogFileReader(path: delta)
            var found: [Product] = []
            while let record = try reader.next() {
                if case .product(let product) = record { found.append(product) }
            }
            products = found
        } else if let department {
            guard let lookup = try CatalogCache(database: try database.open()).lookup() else {
                throw ValidationError("the catalog cache at \(database.path) is empty: import or sync a catalog first")
            }
            products = try lookup.products(department: department)
        } else {
            products = []
        }
        let sheet = ShelfLabelSheet(baseURL: baseURL)
        let svg = try sheet.render(products)
        try Data(svg.utf8).write(to: URL(fileURLWithPath: output))
        let labelled = products.filter { !$0.gtins.isEmpty }.count
        print("wrote \(output): \(labelled) labels (\(products.count - labelled) products without a GTIN skipped)")
    }
}
