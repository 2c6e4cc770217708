import Foundation
import SelfScanAPI
import SelfScanCore

/// The stored payload bytes (what is fingerprinted) written without `JSONEncoder`, byte for byte what
/// `ProtocolJSON.sharedEncoder` writes (keys sorted by their bytes, no escaped slashes, other text as is, ISO 8601
/// dates to the second) for the values it handles: strings without `"`, `\` or control characters, integers,
/// booleans, null, ASCII object keys. Anything else (a double, a string the encoder escapes) answers nil and the
/// caller uses the encoder: a stored fingerprint never changes with this shortcut (`FastIngestDecodingTests`
/// compares both).
enum CanonicalPayloadJSON {
    struct Writer {
        var bytes: [UInt8] = []

        init() { bytes.reserveCapacity(256) }

        mutating func raw(_ text: StaticString) {
            bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }

        /// A string the encoder writes as is between quotes; false when it would escape something.
        mutating func string(_ text: String) -> Bool { JSONValueBytes.append(text, to: &bytes, strings: .asIs) }

        mutating func integer(_ value: Int64) {
            bytes.append(contentsOf: String(value).utf8)
        }

        mutating func date(_ date: Date) -> Bool {
            guard let text = ISO8601Seconds.format(date) else { return false }
            bytes.append(0x22)
            bytes.append(contentsOf: text.utf8)
            bytes.append(0x22)
            return true
        }

        mutating func value(_ value: JSONValue) -> Bool { JSONValueBytes.append(value, to: &bytes, strings: .asIs) }

        var data: Data { Data(bytes) }
    }

    /// An untyped payload (basket events, kinds stored as sent).
    static func encode(_ value: JSONValue) -> Data? {
        var writer = Writer()
        return writer.value(value) ? writer.data : nil
    }

    /// Keys in sorted order: closedAt, customerID, lineCount, loyaltyCard, products, sessionID, total.
    static func encode(_ basket: ClosedBasketPayload) -> Data? {
        var writer = Writer()
        writer.raw("{\"closedAt\":")
        guard writer.date(basket.closedAt) else { return nil }
        if let customer = basket.customerID {
            writer.raw(",\"customerID\":")
            guard writer.string(customer) else { return nil }
        }
        writer.raw(",\"lineCount\":")
        writer.integer(Int64(basket.lineCount))
        if let card = basket.loyaltyCard {
            writer.raw(",\"loyaltyCard\":")
            guard writer.string(card) else { return nil }
        }
        if let products = basket.products {
            writer.raw(",\"products\":[")
            for (offset, product) in products.enumerated() {
                if offset > 0 { writer.bytes.append(0x2C) }
                guard writer.string(product) else { return nil }
            }
            writer.bytes.append(0x5D)
        }
        writer.raw(",\"sessionID\":")
        guard writer.string(basket.sessionID) else { return nil }
        writer.raw(",\"total\":")
        guard money(basket.total, into: &writer) else { return nil }
        writer.bytes.append(0x7D)
        return writer.data
    }

    /// Keys in sorted order: amount, authCode, idempotencyKey, last4, outcome, recordedAt, scheme, sessionID,
    /// terminalTransactionID.
    static func encode(_ payment: PaymentPayload) -> Data? {
        var writer = Writer()
        writer.raw("{\"amount\":")
        guard money(payment.amount, into: &writer) else { return nil }
        if let code = payment.authCode {
            writer.raw(",\"authCode\":")
            guard writer.string(code) else { return nil }
        }
        writer.raw(",\"idempotencyKey\":")
        guard writer.string(payment.idempotencyKey) else { return nil }
        if let last4 = payment.last4 {
            writer.raw(",\"last4\":")
            guard writer.string(last4) else { return nil }
        }
        writer.raw(",\"outcome\":")
        guard writer.string(payment.outcome.rawValue) else { return nil }
        writer.raw(",\"recordedAt\":")
        guard writer.date(payment.recordedAt) else { return nil }
        if let scheme = payment.scheme {
            writer.raw(",\"scheme\":")
            guard writer.string(scheme) else { return nil }
        }
        writer.raw(",\"sessionID\":")
        guard writer.string(payment.sessionID.uuidString) else { return nil }
        if let transaction = payment.terminalTransactionID {
            writer.raw(",\"terminalTransactionID\":")
            guard writer.string(transaction) else { return nil }
        }
        writer.bytes.append(0x7D)
        return writer.data
    }

    static func money(_ money: Money, into writer: inout Writer) -> Bool {
        writer.raw("{\"currency\":")
        guard writer.string(money.currency.code) else { return false }
        writer.raw(",\"minor\":")
        writer.integer(money.minor)
        writer.bytes.append(0x7D)
        return true
    }
}
