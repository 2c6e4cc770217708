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
        guard Self.allowedPrefixes.contains(where: { text.hasPrefix($0) }) else {
            throw APIError(
                .badRequest, code: "qrTextNotAllowed",
                "only hand-off and exit pass payloads are drawn (\(Self.allowedPrefixes.joined(separator: ", ")))")
        }
        self.text = text
    }
}
