public import SelfScanCore

/// A sheet of shelf labels as one SVG document (A4 width, 3 × 8 labels of 70 × 37 mm per page height, as many
/// rows as needed): each label shows the name, the price, the unit price per kg or L (French shelf-label
/// rule) and a GS1 Digital Link QR code (`<base URL>/01/<GTIN-14>`, libqrencode) that opens the shelf page.
public struct ShelfLabelSheet: Sendable {
    /// The address before `/01/…` (the store's host, e.g. `https://magasin-0042.example`).
    public let baseURL: String
    public static let columns = 3
    static let labelWidth = 70
    static let labelHeight = 37
    static let qrSide = 27

    public init(baseURL: String) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
    }

    /// The GS1 Digital Link of a product's first GTIN (`nil` without a GTIN: weighed goods get no QR label).
    public func digitalLink(of product: Product) -> String? {
        product.gtins.first.map { "\(baseURL)/01/\($0.digits14)" }
    }

    /// The SVG sheet of the products that have a GTIN, in the given order.
    public func render(_ products: [Product]) throws -> String {
        let labelled = products.filter { !$0.gtins.isEmpty }
        let rows = max(1, (labelled.count + Self.columns - 1) / Self.columns)
        let width = Self.columns * Self.labelWidth
        let height = rows * Self.labelHeight
        var body = ""
        for (index, product) in labelled.enumerated() {
            let x = (index % Self.columns) * Self.labelWidth
            let y = (index / Self.columns) * Self.labelHeight
            body += try label(product, x: x, y: y)
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)mm" height="\(height)mm" \
            viewBox="0 0 \(width) \(height)" font-family="sans-serif">\
            <rect width="\(width)" height="\(height)" fill="#fff"/>\(body)</svg>

            """
    }

    private func label(_ product: Product, x: Int, y: Int) throws -> String {
        guard let link = digitalLink(of: product), let gtin = product.gtins.first else { return "" }
        let matrix = try QREncoder.encode(link, level: .medium)
        let quiet = 2
        let side = matrix.size + 2 * quiet
        let qr = QRSVGRenderer(quietZone: quiet).render(matrix)
            .replacingOccurrences(
                of: "<svg xmlns=\"http://www.w3.org/2000/svg\" ",
                with: "<svg x=\"\(Self.labelWidth - Self.qrSide - 2)\" y=\"\(Self.labelHeight - Self.qrSide - 2)\" "
                    + "width=\"\(Self.qrSide)\" height=\"\(Self.qrSide)\" data-link=\"\(QRSVGRenderer.escape(link))\" ")
        let price = Self.text(product.pricing.price) + (product.pricing.isPerKilogram ? " / kg" : "")
        let unit = product.unitPricePerMeasure.map { "soit \(Self.text($0.price)) / \($0.unit == .litre ? "L" : "kg")" }
        let name = QRSVGRenderer.escape(String(product.name.prefix(34)))
        let brand = product.attributes?.brand.map { QRSVGRenderer.escape(String($0.prefix(30))) } ?? ""
        return """
            <g class="label" data-gtin="\(gtin.digits14)" transform="translate(\(x) \(y))">\
            <rect x="0.5" y="0.5" width="\(Self.labelWidth - 1)" height="\(Self.labelHeight - 1)" fill="none" \
            stroke="#000" stroke-width="0.3"/>\
            <text x="3" y="7" font-size="3.6" font-weight="bold">\(name)</text>\
            <text x="3" y="11.5" font-size="3">\(brand)</text>\
            <text x="3" y="24" font-size="8" font-weight="bold">\(QRSVGRenderer.escape(price))</text>\
            <text x="3" y="30" font-size="3">\(QRSVGRenderer.escape(unit ?? ""))</text>\
            <text x="3" y="34.5" font-size="2.2">\(gtin.digits14)</text>\(qr)</g>
            """
    }

    /// "3,79 €" (French shelf form; other currencies keep their code).
    static func text(_ money: Money) -> String {
        let units = max(money.currency.minorUnits, 0)
        var scale: Int64 = 1
        for _ in 0..<units { scale *= 10 }
        let sign = money.minor < 0 ? "-" : ""
        let magnitude = money.minor.magnitude
        let whole = magnitude / UInt64(scale)
        let fraction = magnitude % UInt64(scale)
        let digits = String(fraction)
        let fractionText = units == 0 ? "" : "," + String(repeating: "0", count: max(0, units - digits.count)) + digits
        let symbol = money.currency.code == "EUR" ? "€" : money.currency.code
        return "\(sign)\(whole)\(fractionText) \(symbol)"
    }
}

extension ProductPricing {
    var isPerKilogram: Bool {
        if case .perKilogram = self { return true }
        return false
    }
}
