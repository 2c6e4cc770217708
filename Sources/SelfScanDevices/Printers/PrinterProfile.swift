import Foundation

/// One receipt printer model (`devices/printers/*.json`), like the scanners' profiles: which USB device it is,
/// how wide its paper is, how many characters a line holds, which code page its text is sent in.
///
/// ```json
/// {"id": "epson-tm-t20iii", "name": "Epson TM-T20III", "vendorId": "0x04b8", "productId": "0x0e28",
///  "paperWidthMm": 80, "charactersPerLine": 48, "codePage": "cp1252"}
/// ```
/// Without `vendorId`/`productId` the profile is the generic one: it matches any USB printer-class interface
/// (class 7) that no specific profile names. `codePage` is `cp1252` (see `CP1252` for why not CP858).
public struct PrinterProfile: Sendable, Hashable, Codable {
    public let id: String
    public let name: String
    public let vendorID: UInt16?
    public let productID: UInt16?
    /// 58 or 80.
    public let paperWidthMillimetres: Int
    /// Font A characters per line: 32 on 58 mm paper, 48 on 80 mm (576 dots) unless the profile says (42 on
    /// 512-dot 80 mm mechanisms).
    public let charactersPerLine: Int
    public let codePage: String
    /// Whether the printer answers `GS r 1` once the data before it printed (`"printedStatus"`, default true:
    /// Epson TM and most ESC/POS printers). A model that does not is judged on real-time status alone, which
    /// can miss a paper-out at the very end of a receipt (`ReceiptPrinterPort.statusAfterPrinting`).
    public let answersPrintedStatus: Bool

    public init(
        id: String, name: String, vendorID: UInt16? = nil, productID: UInt16? = nil, paperWidthMillimetres: Int = 80,
        charactersPerLine: Int? = nil, codePage: String = "cp1252", answersPrintedStatus: Bool = true
    ) {
        self.id = id
        self.name = name
        self.vendorID = vendorID
        self.productID = productID
        self.paperWidthMillimetres = paperWidthMillimetres
        self.charactersPerLine = charactersPerLine ?? Self.defaultColumns(paperWidthMillimetres: paperWidthMillimetres)
        self.codePage = codePage
        self.answersPrintedStatus = answersPrintedStatus
    }

    /// 32 columns on 58 mm paper, 48 on 80 mm.
    public static func defaultColumns(paperWidthMillimetres: Int) -> Int { paperWidthMillimetres <= 58 ? 32 : 48 }

    /// The built-in generic 80 mm profile (used when no directory is configured).
    public static let generic80 = PrinterProfile(id: "generic-escpos-80mm", name: "ESC/POS printer, 80 mm")

    var isGeneric: Bool { vendorID == nil && productID == nil }

    enum CodingKeys: String, CodingKey {
        case id, name, vendorID = "vendorId", productID = "productId", paperWidthMillimetres = "paperWidthMm"
        case charactersPerLine, codePage, answersPrintedStatus = "printedStatus"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let id = try container.decode(String.self, forKey: .id)
        func usbID(_ key: CodingKeys) throws -> UInt16? {
            guard let text = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
            guard let value = ProfileDocument.parseID(text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "'\(text)' is not a USB id")
            }
            return value
        }
        let width = try container.decodeIfPresent(Int.self, forKey: .paperWidthMillimetres) ?? 80
        guard width == 58 || width == 80 else {
            throw DecodingError.dataCorruptedError(
                forKey: .paperWidthMillimetres, in: container, debugDescription: "paperWidthMm is 58 or 80")
        }
        let columns = try container.decodeIfPresent(Int.self, forKey: .charactersPerLine)
        if let columns, !(16...80).contains(columns) {
            throw DecodingError.dataCorruptedError(
                forKey: .charactersPerLine, in: container, debugDescription: "charactersPerLine is 16…80")
        }
        let codePage = try container.decodeIfPresent(String.self, forKey: .codePage)?.lowercased() ?? "cp1252"
        guard codePage == "cp1252" else {
            throw DecodingError.dataCorruptedError(
                forKey: .codePage, in: container, debugDescription: "only cp1252 is supported (ESC t 16)")
        }
        self.init(
            id: id, name: try container.decodeIfPresent(String.self, forKey: .name) ?? id, vendorID: try usbID(.vendorID),
            productID: try usbID(.productID), paperWidthMillimetres: width, charactersPerLine: columns, codePage: codePage,
            answersPrintedStatus: try container.decodeIfPresent(Bool.self, forKey: .answersPrintedStatus) ?? true)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(vendorID.map(ProfileDocument.hex), forKey: .vendorID)
        try container.encodeIfPresent(productID.map(ProfileDocument.hex), forKey: .productID)
        try container.encode(paperWidthMillimetres, forKey: .paperWidthMillimetres)
        try container.encode(charactersPerLine, forKey: .charactersPerLine)
        try container.encode(codePage, forKey: .codePage)
        if !answersPrintedStatus { try container.encode(false, forKey: .answersPrintedStatus) }
    }
}
