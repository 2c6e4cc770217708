/// One Caisse-AP message: an ordered list of fields, each a two-letter tag and an ASCII value of 1…999
/// characters, sent as `TAG` + three-digit decimal length + value (`CZ0040300CA00201…`). Over IP (protocol
/// version 3) the message travels as is on a raw TCP socket: there is no frame header and no checksum, so a
/// reader knows a message is whole when it ends on a field boundary and holds the fields it needs (`AE` in an
/// answer; see `CaisseAPCodec`). `CZ` (the protocol version) always comes first.
///
/// Pure value type: no I/O here, so the codec is tested on its own.
public struct CaisseAPMessage: Sendable, Hashable {
    public struct Field: Sendable, Hashable {
        public let tag: String
        public let value: String
    }

    public private(set) var fields: [Field]

    public init(_ fields: [(String, String)] = []) {
        self.fields = fields.map { Field(tag: $0.0, value: $0.1) }
    }

    /// Adds a field at the end (a repeated tag keeps its first value for the subscript).
    public mutating func append(tag: String, value: String) { fields.append(Field(tag: tag, value: value)) }

    /// The value of the first field with `tag`.
    public subscript(tag: String) -> String? {
        get { fields.first { $0.tag == tag }?.value }
        set {
            if let index = fields.firstIndex(where: { $0.tag == tag }) {
                if let newValue { fields[index] = Field(tag: tag, value: newValue) } else { fields.remove(at: index) }
            } else if let newValue {
                fields.append(Field(tag: tag, value: newValue))
            }
        }
    }
}

/// The tags this adapter writes or reads (Caisse-AP field names; the spec is the Association du paiement's
/// "Protocole Caisse-AP").
public enum CaisseAPTag {
    /// Protocol version (`0300` for the IP variant).
    public static let version = "CZ"
    /// Protocol identifier of the point of sale.
    public static let protocolID = "CJ"
    /// Cash register (caisse) number.
    public static let registerNumber = "CA"
    /// Amount in minor units (decimal digits).
    public static let amount = "CB"
    /// Action: `0` debit (purchase), `1` credit (refund), `2` cancellation of the last transaction.
    public static let action = "CD"
    /// ISO 4217 numeric currency (`978` for EUR).
    public static let currency = "CE"
    /// Payment mode the register wants (absent: the terminal chooses).
    public static let paymentMode = "CC"
    /// Answer mode: `1` an immediate acknowledgement, `0` (default) the answer at the end of the transaction.
    public static let answerMode = "BA"
    /// Global result: `10` done, `01` not done, `11` request accepted (immediate mode).
    public static let result = "AE"
    /// Reason of a `01` result: `04` refused, `05` forbidden, `08` timeout on the terminal, `09` format error,
    /// `11` abandoned by the cardholder.
    public static let failureReason = "AF"
    /// Authorisation number.
    public static let authorisation = "AC"
    /// Masked card number (`497010######1234`).
    public static let maskedPAN = "AA"
    /// Application identifier (AID) of the card application used.
    public static let applicationID = "AI"
    /// Merchant contract that took the transaction.
    public static let contract = "CG"
    /// How the card was read: `1` contact, `2` contactless, `3` magnetic stripe, `4` keyed.
    public static let readMode = "CI"
}
