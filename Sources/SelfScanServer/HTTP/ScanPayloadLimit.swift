/// The longest scan payload the API takes. Real codes are far shorter: a GS1 element string carries at most a
/// few hundred characters, a signed pass or hand-off QR a few hundred bytes. Anything longer is refused
/// before it reaches a session, the event log or the outbox (one shopper's junk never fills a sync request).
enum ScanPayloadLimit {
    /// UTF-8 bytes of payload text.
    static let maxBytes = 512

    /// Throws 422 `scanPayloadTooLong` when `payload` is longer than `maxBytes`.
    static func check(_ payload: String) throws(APIError) {
        let bytes = payload.utf8.count
        guard bytes <= maxBytes else {
            throw APIError(
                .unprocessableContent, code: "scanPayloadTooLong",
                "the scanned payload has \(bytes) bytes; at most \(maxBytes) are accepted")
        }
    }
}
