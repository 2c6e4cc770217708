/// What `selfscan code --json` prints for one interpreted payload (and what the HTTP API can reuse).
/// Absent fields are omitted from the JSON.
public struct CodeReport: Sendable, Hashable, Encodable {
    /// A price as `{"minor": 1234, "currency": "EUR"}`.
    public struct Price: Sendable, Hashable, Encodable {
        public let minor: Int64
        public let currency: String

        public init(minor: Int64, currency: String) {
            self.minor = minor
            self.currency = currency
        }
    }

    /// `gtin`, `variableMeasure`, `gs1`, `digitalLink`, `loyaltyCard`, `coupon`, `staffBadge`,
    /// `basketHandoff`, `exitPass` or `unrecognised`.
    public let kind: String
    /// 14 digits, where there is a GTIN.
    public var gtin: String?
    /// What the GTIN prefix says (`tradeItem`, `isbn`, `issn`…), for GTINs.
    public var prefix: String?
    /// AI → value, for GS1 data and Digital Links.
    public var ais: [String: String]?
    public var price: Price?
    public var weightGrams: Int?
    public var count: Int?
    /// Variable measure: the item reference digits (a catalog product's internal code).
    public var itemReference: String?
    /// Variable measure: the nomenclature rule that matched.
    public var rule: String?
    /// Loyalty card number, coupon code, badge id or token.
    public var value: String?
    /// Digital Link: the URI as scanned.
    public var uri: String?
    /// Unrecognised: the payload as text (invalid UTF-8 never gets this far).
    public var raw: String?

    init(kind: String) { self.kind = kind }

    /// The report of an interpreted code. Prices and weights of GS1 data are computed in
    /// `defaultCurrency` (392n) — the interpreter has already validated them.
    public init(_ code: ScannedCode, defaultCurrency: Currency = .eur) throws(CodeError) {
        switch code {
        case .gtin(let gtin):
            self.init(kind: "gtin")
            self.gtin = gtin.digits14
            prefix = gtin.prefixKind.rawValue
        case .variableMeasure(let measure):
            self.init(kind: "variableMeasure")
            itemReference = measure.itemReference
            rule = measure.ruleName
            value = measure.code
            switch measure.measure {
            case .weightGrams(let grams): weightGrams = grams
            case .price(let money): price = Price(money)
            case .count(let pieces): count = pieces
            }
        case .gs1(let elements):
            self.init(kind: "gs1")
            try fill(from: elements, defaultCurrency: defaultCurrency)
        case .digitalLink(let elements, let uri):
            self.init(kind: "digitalLink")
            self.uri = uri
            try fill(from: elements, defaultCurrency: defaultCurrency)
        case .loyaltyCard(let card):
            self.init(kind: "loyaltyCard")
            value = card
        case .coupon(let coupon):
            self.init(kind: "coupon")
            value = coupon.code
            price = coupon.value.map(Price.init)
        case .staffBadge(let id):
            self.init(kind: "staffBadge")
            value = id
        case .basketHandoff(let token):
            self.init(kind: "basketHandoff")
            value = token
        case .exitPass(let token):
            self.init(kind: "exitPass")
            value = token
        case .unrecognised(let raw):
            self.init(kind: "unrecognised")
            self.raw = String(decoding: raw, as: UTF8.self)
        }
    }

    private mutating func fill(from elements: GS1ElementString, defaultCurrency: Currency) throws(CodeError) {
        gtin = elements.gtin?.digits14
        ais = elements.dictionary
        weightGrams = try elements.netWeightGrams()
        price = try elements.price(defaultCurrency: defaultCurrency).map(Price.init)
    }

    /// Human-readable lines (the CLI without `--json`).
    public var lines: [String] {
        var lines = ["kind: \(kind)"]
        if let gtin { lines.append("gtin: \(gtin)") }
        if let prefix { lines.append("prefix: \(prefix)") }
        if let itemReference { lines.append("item reference: \(itemReference)") }
        if let rule { lines.append("rule: \(rule)") }
        if let weightGrams { lines.append("weight: \(weightGrams) g") }
        if let count { lines.append("count: \(count)") }
        if let price, let currency = try? Currency(code: price.currency) {
            lines.append("price: \(Money(minor: price.minor, currency: currency))")
        }
        if let value { lines.append("value: \(value)") }
        if let uri { lines.append("uri: \(uri)") }
        for (ai, value) in (ais ?? [:]).sorted(by: { $0.key < $1.key }) {
            let title = GS1ApplicationIdentifier.table[ai]?.title ?? ""
            lines.append("(\(ai)) \(value)  \(title)")
        }
        if let raw { lines.append("raw: \(raw)") }
        return lines
    }
}

extension CodeReport.Price {
    init(_ money: Money) {
        minor = money.minor
        currency = money.currency.code
    }
}

/// What `selfscan code --json` prints for an invalid payload: `{"error": {"code": …, "message": …}}`.
public struct CodeErrorReport: Sendable, Hashable, Encodable {
    public struct Detail: Sendable, Hashable, Encodable {
        public let code: String
        public let message: String
    }

    public let error: Detail

    public init(_ error: CodeError) { self.error = Detail(code: error.code, message: error.description) }
    public init(code: String, message: String) { error = Detail(code: code, message: message) }
}
