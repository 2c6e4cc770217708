/// Turns one scanned payload into what it means (`ScannedCode`). Pure and `Sendable`: the daemon keeps
/// one per nomenclature and calls it for every `ScanEvent`.
///
/// Classification, in order (docs/codes.md has the details and examples):
/// 1. size and encoding: empty, over `maximumPayloadLength` bytes, or not UTF-8 → typed error;
/// 2. an AIM symbology prefix (`]C1`, `]e0`, `]Q3`, `]d2`, `]E0`…) is stripped and used as the symbology;
/// 3. `selfscan:<kind>:<body>` → loyalty card, coupon, staff badge, basket hand-off or exit pass;
/// 4. `http://`/`https://` → GS1 Digital Link when the path carries a primary key, else unrecognised;
/// 5. GS1 data (GS1 symbology, leading FNC1/GS, a GS inside, `(01)…` human-readable form, or digits
///    longer than 14) → `GS1Parser`, values validated, price and weight checked;
/// 6. digits → GTIN-8/12/13/14 or UPC-E; restricted-circulation prefixes go through the nomenclature;
///    coupon prefixes (981–984, 99, 05) become coupons;
/// 7. anything else → `.unrecognised(raw:)` (the raw bytes are kept for the audit log).
public struct CodeInterpreter: Sendable {
    /// Longer payloads are refused (`CodeError.payloadTooLong`): no barcode we accept comes close.
    public static let maximumPayloadLength = 4096

    public let nomenclature: Nomenclature

    public init(nomenclature: Nomenclature = .frenchDefault) {
        self.nomenclature = nomenclature
    }

    /// Interprets a scan event's payload with its symbology.
    public func interpret(_ event: ScanEvent) throws(CodeError) -> ScannedCode {
        try interpret(event.payload, symbology: event.symbology)
    }

    /// Interprets text (e.g. typed by a person, or from the CLI) as if scanned.
    public func interpret(_ text: String, symbology: AIMIdentifier? = nil) throws(CodeError) -> ScannedCode {
        try interpret(Array(text.utf8), symbology: symbology)
    }

    /// Interprets payload bytes (GS1 separators as 0x1D, AIM prefix present or not).
    public func interpret(_ payload: [UInt8], symbology: AIMIdentifier?) throws(CodeError) -> ScannedCode {
        guard !payload.isEmpty else { throw .empty }
        guard payload.count <= Self.maximumPayloadLength else {
            throw .payloadTooLong(payload.count, limit: Self.maximumPayloadLength)
        }
        if let offset = Self.firstInvalidUTF8Offset(payload) { throw .invalidUTF8(offset: offset) }
        var bytes = payload[...]
        var symbology = symbology
        if bytes.count >= 3, bytes.first == UInt8(ascii: "]"),
            let aim = AIMIdentifier(String(decoding: bytes.prefix(3), as: UTF8.self))
        {
            symbology = aim
            bytes = bytes.dropFirst(3)
        }
        guard !bytes.isEmpty else {
            if symbology?.isGS1 == true { throw .noElements }
            throw .empty
        }
        let text = String(decoding: bytes, as: UTF8.self)

        if SelfScanPayload.isSelfScan(text) { return try SelfScanPayload.parse(text) }
        if GS1DigitalLink.isWebURI(text) {
            if let link = try GS1DigitalLink.parse(text) { return .digitalLink(link, uri: text) }
            return .unrecognised(raw: payload)
        }
        if looksLikeGS1(bytes, symbology: symbology) {
            let elements = try GS1Parser.parse(text)
            try validateMeasures(elements)
            return .gs1(elements)
        }
        let isDigits = bytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        let isEANUPC = symbology.map { $0.value.dropFirst().first == "E" } ?? false
        if isEANUPC, bytes.count == 10, !isDigits || symbology == .ean13 {
            // An ISBN-10 as some EAN readers report books (possibly with an X check character).
            return try interpret(GTIN(isbn10: text))
        }
        guard isDigits else {
            if isEANUPC { throw .notDigits(text) }
            return .unrecognised(raw: payload)
        }
        if symbology == Self.eanWithAddOn || symbology == Self.addOnOnly2 || symbology == Self.addOnOnly5 {
            return try interpretAddOn(text, symbology: symbology, raw: payload)
        }
        if let symbology, !isEANUPC, symbology != .unknown, ![8, 12, 13, 14].contains(bytes.count) {
            // Digits from a non-EAN/UPC symbology (Code 128, Code 39, QR…) that cannot be a GTIN.
            return .unrecognised(raw: payload)
        }
        return try interpretDigits(text, symbology: symbology)
    }

    /// AIM `]E3`: EAN/UPC with its 2- or 5-digit add-on appended; `]E1`/`]E2`: an add-on alone.
    static let eanWithAddOn = AIMIdentifier("]E3")
    static let addOnOnly2 = AIMIdentifier("]E1")
    static let addOnOnly5 = AIMIdentifier("]E2")

    /// The add-on (an ISSN issue number, an ISBN price…) does not identify the item: the main code does.
    /// 15 or 18 digits are EAN-13 + add-on, 10 digits EAN-8 + 2; an add-on alone identifies nothing.
    func interpretAddOn(_ text: String, symbology: AIMIdentifier?, raw: [UInt8]) throws(CodeError) -> ScannedCode {
        guard symbology == Self.eanWithAddOn else { return .unrecognised(raw: raw) }
        switch text.utf8.count {
        case 15, 18: return try interpretDigits(String(text.prefix(13)), symbology: .ean13)
        case 10: return try interpretDigits(String(text.prefix(8)), symbology: .ean8)
        default: return try interpretDigits(text, symbology: .ean13)
        }
    }

    /// GTIN-8/12/13/14 or UPC-E digits (check digit verified), then prefix rules.
    func interpretDigits(_ text: String, symbology: AIMIdentifier?) throws(CodeError) -> ScannedCode {
        let gtin: GTIN
        switch text.utf8.count {
        case 6:
            // Only a EAN/UPC reader sends 6 digits: UPC-E without number system and check digit.
            guard symbology?.value.dropFirst().first == "E" else { throw .badLength(text, 6) }
            gtin = try GTIN(upcE: text)
        case 8 where symbology == .ean13:
            // AIM ]E0 covers UPC-E; 8 digits there are a UPC-E code, not an EAN-8.
            gtin = try GTIN(upcE: text)
        case 8 where symbology != .ean8 && text.utf8.first == UInt8(ascii: "0"):
            // No symbology and a leading 0: as EAN-8 this would be an RCN-8 (store-internal), as UPC-E a
            // number-system-0 U.P.C.: UPC-E first when its check digit holds, else EAN-8.
            if let upcE = try? GTIN(upcE: text) {
                gtin = upcE
            } else {
                gtin = try GTIN(text)
            }
        case 8 where symbology != .ean8:
            // No symbology: EAN-8 first, UPC-E when only that reading has a valid check digit.
            do {
                gtin = try GTIN(text)
            } catch {
                guard let upcE = try? GTIN(upcE: text) else { throw error }
                gtin = upcE
            }
        default:
            gtin = try GTIN(text)
        }
        return try interpret(gtin)
    }

    /// What a valid GTIN means: restricted codes go through the nomenclature, coupon prefixes are coupons.
    public func interpret(_ gtin: GTIN) throws(CodeError) -> ScannedCode {
        let kind = gtin.prefixKind
        if kind.isRestrictedCirculation {
            // Only the EAN-13/EAN-8 forms carry nomenclature structures; a GTIN-14 with an indicator
            // digit over a restricted number has no meaning we know: refused, never a 0 € item.
            guard gtin.isGTIN8 || gtin.gtin13 != nil else { throw .unknownRestrictedCode(gtin.digits14) }
            return try nomenclature.interpret(restrictedCode: gtin.printedForm)
        }
        if kind == .coupon { return .coupon(CouponCode(code: gtin.printedForm, value: nil)) }
        return .gtin(gtin)
    }

    /// GS1 data: an explicit GS1 symbology, FNC1/GS first, a GS inside, `(AI)` form, or long digits.
    func looksLikeGS1(_ bytes: ArraySlice<UInt8>, symbology: AIMIdentifier?) -> Bool {
        if symbology?.isGS1 == true { return true }
        guard let first = bytes.first else { return false }
        if first == GS1Parser.groupSeparator || bytes.contains(GS1Parser.groupSeparator) { return true }
        if first == UInt8(ascii: "("), bytes.dropFirst().first.map({ $0 >= 0x30 && $0 <= 0x39 }) == true {
            return true
        }
        let isEANUPC = symbology.map { $0.value.dropFirst().first == "E" } ?? false
        let leadingDigits = bytes.prefix { $0 >= 0x30 && $0 <= 0x39 }.count
        // GS1-128/DataBar data read without AIM id: starts with a fixed-length key AI and is too long
        // for a GTIN (e.g. "0109506000134352" + more).
        return !isEANUPC && bytes.count > 14 && leadingDigits >= 2
            && ["00", "01", "02", "03"].contains(String(decoding: bytes.prefix(2), as: UTF8.self))
    }

    /// Prices and weights are checked at scan time, so a code we could not price is refused now.
    func validateMeasures(_ elements: GS1ElementString) throws(CodeError) {
        _ = try elements.netWeightGrams()
        _ = try elements.price(defaultCurrency: nomenclature.currency)
    }

    /// Offset of the first byte that is not part of valid UTF-8, `nil` when all is valid.
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
