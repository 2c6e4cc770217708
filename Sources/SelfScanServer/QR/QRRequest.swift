import Foundation

/// What `GET /v1/qr.svg?text=` may draw: only this system's own signed payloads — a basket hand-off
/// (`selfscan:handoff:…`) or an exit pass (`selfscan:exit:…`) — of at most 512 bytes. The daemon is no
/// general-purpose QR service for anything a page (or anyone on the network) asks.
struct QRRequest: Sendable, Hashable {
    /// Payload prefixes the route renders.
    static let allowedPrefixes = ["selfscan:handoff:", "selfscan:exit:"]
    /// Longest payload rendered, in UTF-8 bytes.
    static let maximumBytes = 512

    let text: String

    init(text: String?) throws(APIError) {
        guard let text, !text.isEmpty else {
            throw APIError(.badRequest, code: "qrTextMissing", "give ?text=<selfscan:handoff:… or selfscan:exit:… payload>")
        }
        guard text.utf8.count <= Self.maximumBytes else {
            throw APIError(
                .badRequest, code: "qrTextTooLong",
                "the payload has \(text.utf8.count) bytes; at most \(Self.maximumBytes)")
        }
        guard Self.allowedPrefixes.contains(where: { text.hasPrefix($0) }) || Self.isPhonePassLink(text)
            || Self.isEReceiptLink(text)
        else {
            throw APIError(
                .badRequest, code: "qrTextNotAllowed",
                "only hand-off and exit pass payloads are drawn (\(Self.allowedPrefixes.joined(separator: ", ")), "
                    + "or the phone-pass link <origin>/pass.html#code=<exit pass>, "
                    + "or the e-receipt link <origin>/e-receipt.html#t=<token>")
        }
        self.text = text
    }

    /// The e-receipt link (`POST /v1/sessions/{id}/e-receipt`): `http(s)://host[:port]/e-receipt.html#t=<signed
    /// token>`, the token of base64url and dots only.
    static func isEReceiptLink(_ text: String) -> Bool {
        guard text.hasPrefix("http://") || text.hasPrefix("https://") else { return false }
        let afterScheme = text.drop { $0 != "/" }.dropFirst(2)
        guard let slash = afterScheme.firstIndex(of: "/") else { return false }
        let host = afterScheme[..<slash]
        guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || ".-:[]".contains($0) }) else { return false }
        let rest = afterScheme[slash...]
        guard rest.hasPrefix("/e-receipt.html#t=") else { return false }
        let token = rest.dropFirst("/e-receipt.html#t=".count)
        return !token.isEmpty && token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }

    /// The link a phone opens to carry its exit pass: `http(s)://host[:port]/pass.html#code=<percent-encoded
    /// selfscan:exit:…>` with an optional `&exp=<digits>`, nothing else (no path but the pass page, no query).
    static func isPhonePassLink(_ text: String) -> Bool {
        guard text.hasPrefix("http://") || text.hasPrefix("https://") else { return false }
        let afterScheme = text.drop { $0 != "/" }.dropFirst(2)  // after "//"
        guard let slash = afterScheme.firstIndex(of: "/") else { return false }
        let host = afterScheme[..<slash]
        guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || ".-:[]".contains($0) }) else { return false }
        let rest = afterScheme[slash...]
        guard rest.hasPrefix("/pass.html#code=") else { return false }
        var fragment = rest.dropFirst("/pass.html#code=".count)
        if let amp = fragment.firstIndex(of: "&") {
            let tail = fragment[amp...]
            guard tail.hasPrefix("&exp="), tail.dropFirst(5).allSatisfy(\.isNumber), tail.count > 5 else { return false }
            fragment = fragment[..<amp]
        }
        guard let code = String(fragment).removingPercentEncoding else { return false }
        return code.hasPrefix("selfscan:exit:") && !code.contains("&") && !code.contains("#")
    }
}
