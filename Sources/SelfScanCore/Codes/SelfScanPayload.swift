/// SelfScan's own QR payload forms: `selfscan:<kind>:<body>`.
///
/// | form                         | meaning                                   |
/// |------------------------------|-------------------------------------------|
/// | `selfscan:loyalty:<card>`    | loyalty card number                       |
/// | `selfscan:coupon:<code>`     | coupon code (value from the promotions)   |
/// | `selfscan:coupon:<code>/<serial>` | single-use coupon: spent once chain-wide |
/// | `selfscan:badge:<id>`        | staff badge id                            |
/// | `selfscan:handoff:<token>`   | signed basket hand-off token (opaque here) |
/// | `selfscan:exit:<token>`      | signed exit pass token (opaque here)       |
///
/// The scheme and kind are case-insensitive (so QR alphanumeric mode, upper case only, can carry them);
/// the body is kept as is and must be printable ASCII without spaces (0x21–0x7E).
public enum SelfScanPayload {
    /// The scheme, with its colon.
    public static let scheme = "selfscan:"

    /// Whether `text` uses the `selfscan:` scheme.
    public static func isSelfScan(_ text: String) -> Bool {
        text.utf8.count >= scheme.utf8.count && String(text.prefix(scheme.count)).lowercased() == scheme
    }

    /// Parses a `selfscan:` payload (call only when `isSelfScan(text)`).
    public static func parse(_ text: String) throws(CodeError) -> ScannedCode {
        let rest = text.dropFirst(scheme.count)
        guard let colon = rest.firstIndex(of: ":") else { throw .unknownSelfScanPayloadKind(String(rest)) }
        let kind = rest[..<colon].lowercased()
        let body = String(rest[rest.index(after: colon)...])
        guard ["loyalty", "coupon", "badge", "handoff", "exit"].contains(kind) else {
            throw .unknownSelfScanPayloadKind(String(rest[..<colon]))
        }
        guard !body.isEmpty else { throw .emptySelfScanPayload(kind: kind) }
        guard body.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else { throw .badSelfScanPayloadCharacter(kind: kind) }
        switch kind {
        case "loyalty": return .loyaltyCard(body)
        case "coupon":
            // `<code>/<serial>`: a single-use coupon (its serial is spent once chain-wide).
            if let slash = body.firstIndex(of: "/") {
                let code = String(body[..<slash])
                let serial = String(body[body.index(after: slash)...])
                guard !code.isEmpty, !serial.isEmpty, !serial.contains("/") else { throw .emptySelfScanPayload(kind: kind) }
                return .coupon(CouponCode(code: code, value: nil, serial: serial))
            }
            return .coupon(CouponCode(code: body, value: nil))
        case "badge": return .staffBadge(body)
        case "handoff": return .basketHandoff(body)
        default: return .exitPass(body)
        }
    }

    /// The payload text for a code of ours (what a QR generator encodes), `nil` for GS1 kinds.
    public static func text(for code: ScannedCode) -> String? {
        switch code {
        case .loyaltyCard(let card): "selfscan:loyalty:\(card)"
        case .coupon(let coupon): "selfscan:coupon:\(coupon.code)" + (coupon.serial.map { "/\($0)" } ?? "")
        case .staffBadge(let id): "selfscan:badge:\(id)"
        case .basketHandoff(let token): "selfscan:handoff:\(token)"
        case .exitPass(let token): "selfscan:exit:\(token)"
        default: nil
        }
    }
}
