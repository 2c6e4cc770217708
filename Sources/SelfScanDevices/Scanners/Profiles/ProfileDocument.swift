/// The JSON shape of one `devices/*.json` file (docs/scanners.md). Everything optional here so that
/// validation can name the missing or wrong field instead of failing with a generic decoding error.
struct ProfileDocument: Codable, Sendable {
    var id: String?
    var name: String?
    var vendorId: String?
    var productId: String?
    var interface: Int?
    var `protocol`: String?
    var layout: String?
    var prefix: String?
    var suffix: String?
    var aimTransmitted: Bool?
    var interKeyTimeoutMs: Int?
    var claim: String?
    var doubleScanWindowMs: Int?
    var baudRate: Int?
    var reportDescriptor: String?

    init(_ profile: ScannerProfile) {
        id = profile.id
        name = profile.name
        vendorId = profile.vendorID.map(Self.hex)
        productId = profile.productID.map(Self.hex)
        interface = profile.interface
        self.protocol = profile.protocol.rawValue
        layout = profile.layout.rawValue
        prefix = profile.prefix
        suffix = profile.suffix.rawValue
        aimTransmitted = profile.aimTransmitted
        interKeyTimeoutMs = profile.interKeyTimeoutMillis
        claim = profile.claim.rawValue
        doubleScanWindowMs = profile.doubleScanWindowMillis
        baudRate = profile.baudRate
        reportDescriptor = profile.reportDescriptorHex
    }

    /// `0x0c2e` form used in files and JSON output.
    static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Checks every field and builds the profile; `file` names the source in errors.
    func validated(file: String) throws(ProfileError) -> ScannerProfile {
        func missing(_ field: String) -> ProfileError {
            ProfileError(code: .missingField, file: file, field: field, detail: "required")
        }
        func invalid(_ field: String, _ detail: String) -> ProfileError {
            ProfileError(code: .invalidField, file: file, field: field, detail: detail)
        }
        guard let id, !id.isEmpty else { throw missing("id") }
        guard id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw invalid("id", "'\(id)' must be ASCII letters, digits, '-' or '_'")
        }
        guard let protocolName = self.protocol else { throw missing("protocol") }
        guard let proto = ScannerProtocol(rawValue: protocolName) else {
            throw invalid("protocol", "'\(protocolName)' is not one of \(ScannerProtocol.allCases.map(\.rawValue))")
        }
        let vendor = try vendorId.map { text throws(ProfileError) in
            guard let value = Self.parseID(text) else { throw invalid("vendorId", "'\(text)' is not a 16-bit hex id") }
            return value
        }
        let product = try productId.map { text throws(ProfileError) in
            guard let value = Self.parseID(text) else { throw invalid("productId", "'\(text)' is not a 16-bit hex id") }
            return value
        }
        if (vendor == nil) != (product == nil) {
            throw invalid(vendor == nil ? "vendorId" : "productId", "vendorId and productId go together")
        }
        let layoutValue = try layout.map { text throws(ProfileError) in
            guard let value = KeyboardLayout(rawValue: text) else {
                throw invalid("layout", "'\(text)' is not one of \(KeyboardLayout.allCases.map(\.rawValue))")
            }
            return value
        } ?? .us
        let suffixValue = try suffix.map { text throws(ProfileError) in
            guard let value = ScanTerminator(rawValue: text) else {
                throw invalid("suffix", "'\(text)' is not one of \(ScanTerminator.allCases.map(\.rawValue))")
            }
            return value
        } ?? .enter
        let claimValue = try claim.map { text throws(ProfileError) in
            guard let value = ClaimPolicy(rawValue: text) else {
                throw invalid("claim", "'\(text)' is not one of \(ClaimPolicy.allCases.map(\.rawValue))")
            }
            return value
        } ?? .exclusive
        let interfaceValue = interface ?? 0
        guard (0...255).contains(interfaceValue) else { throw invalid("interface", "\(interfaceValue) is not 0…255") }
        let timeout = interKeyTimeoutMs ?? ScannerProfile.defaultInterKeyTimeoutMillis
        guard (1...10_000).contains(timeout) else { throw invalid("interKeyTimeoutMs", "\(timeout) is not 1…10000") }
        let window = doubleScanWindowMs ?? ScannerProfile.defaultDoubleScanWindowMillis
        guard (0...10_000).contains(window) else { throw invalid("doubleScanWindowMs", "\(window) is not 0…10000") }
        let baud = baudRate ?? ScannerProfile.defaultBaudRate
        guard SerialSpeed(baud: baud) != nil else { throw invalid("baudRate", "\(baud) is not a standard speed") }
        if let reportDescriptor, HexBytes.parse(reportDescriptor) == nil {
            throw invalid("reportDescriptor", "not an even-length hex string")
        }
        let prefixValue = prefix ?? ""
        if suffixValue == .none && proto == .cdcACM {
            throw invalid("suffix", "a serial scanner needs a line terminator (enter or tab)")
        }
        return ScannerProfile(
            id: id, name: name ?? id, vendorID: vendor, productID: product, interface: interfaceValue,
            protocol: proto, layout: layoutValue, prefix: prefixValue, suffix: suffixValue,
            aimTransmitted: aimTransmitted ?? false, interKeyTimeoutMillis: timeout, claim: claimValue,
            doubleScanWindowMillis: window, baudRate: baud, reportDescriptorHex: reportDescriptor)
    }

    /// Parses `0x0c2e`, `0C2E` or `c2e` (hex, at most 16 bits).
    static func parseID(_ text: String) -> UInt16? {
        var digits = Substring(text)
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        guard !digits.isEmpty, digits.count <= 4 else { return nil }
        return UInt16(digits, radix: 16)
    }
}
