public import SelfScanAPI
public import SelfScanCore

/// What an exit pass or a basket hand-off code asserts, signed by the store's key.
/// Field names are short: the signed token goes into a QR code.
public struct SignedPass: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Lets the shopper out through a gate: the basket is paid.
        case exit
        /// Moves a suspended basket to another device (handheld → kiosk).
        case handoff
        /// Opens the paid basket's receipt on the shopper's phone (`GET /v1/e-receipts/{token}`); opens no gate.
        case receipt
    }

    public let kind: Kind
    public let store: String
    public let session: String
    public let total: Money
    /// Issued at, Unix seconds.
    public let issuedAt: Int64
    /// Expiry, Unix seconds.
    public let expiresAt: Int64
    /// Random, unique per pass: the gate's ledger refuses a second use.
    public let nonce: String
    /// Hand-off passes: the sequence of the session's `suspended` event the pass was issued for (what a kiosk
    /// claims at the referential). Absent in exit passes and in older hand-off passes.
    public let sequence: Int64?

    public init(
        kind: Kind, store: String, session: String, total: Money, issuedAt: Int64, expiresAt: Int64, nonce: String,
        sequence: Int64? = nil
    ) {
        self.kind = kind
        self.store = store
        self.session = session
        self.total = total
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.nonce = nonce
        self.sequence = sequence
    }

    enum CodingKeys: String, CodingKey {
        case kind = "k"
        case store = "st"
        case session = "s"
        case total = "t"
        case issuedAt = "iat"
        case expiresAt = "exp"
        case nonce = "n"
        case sequence = "q"
    }

    /// The payload scanned from a QR code, with its scheme prefix.
    public static func qrPayload(kind: Kind, token: String) -> String { "selfscan:\(kind.rawValue):\(token)" }
}
