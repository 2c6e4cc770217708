public import Foundation
import SelfScanCore

// The session view is encoded on every scan (published on the event stream, embedded in the HTTP answer):
// written by hand here, byte for byte what `ProtocolJSON.encoder()` writes for it (sorted keys, absent
// optionals omitted; keys in byte order), at a fraction of `JSONEncoder`'s cost. Members are listed in the encoder's sorted order;
// `SessionViewJSONTests` checks every member against `JSONEncoder`. A new member of `SessionView` must be
// added here too (the tests fail until it is). The rare parts (audit, exit pass, payment records) go through
// the encoder itself.

extension SessionView {
    /// `ProtocolJSON.encoder().encode(self)`, written by hand.
    public func protocolJSON() throws -> Data { Data(try protocolJSONBytes()) }

    /// The bytes of `protocolJSON()`.
    public func protocolJSONBytes() throws -> [UInt8] {
        var json = ProtocolJSONWriter(capacity: 768 + 480 * lines.count + 320 * totals.discounts.count)
        try write(to: &json)
        return json.bytes
    }

    func write(to json: inout ProtocolJSONWriter) throws {
        json.beginObject()
        if let audit {
            json.key("audit")
            try json.encoded(audit)
        }
        json.key("catalogVersion")
        json.int(catalogVersion)
        if let customer {
            json.key("customer")
            json.beginObject()
            json.key("identified")
            json.bool(customer.identified)
            json.endObject()
        }
        json.key("device")
        json.string(device)
        if let exitPass {
            json.key("exitPass")
            try json.encoded(exitPass)
        }
        json.key("id")
        json.string(id)
        json.key("lines")
        json.beginArray()
        for line in lines { line.write(to: &json) }
        json.endArray()
        json.key("payment")
        try payment.write(to: &json)
        json.key("pendingApprovalLineIDs")
        json.stringArray(pendingApprovalLineIDs)
        json.key("state")
        json.string(state.rawValue)
        json.key("store")
        json.string(store)
        json.key("totals")
        totals.write(to: &json)
        json.endObject()
    }
}

extension SessionView.Line {
    func write(to json: inout ProtocolJSONWriter) {
        json.beginObject()
        if let ageApproved {
            json.key("ageApproved")
            json.bool(ageApproved)
        }
        json.key("catalogVersion")
        json.int(catalogVersion)
        if let depositFor {
            json.key("depositFor")
            json.string(depositFor)
        }
        json.key("id")
        json.string(id)
        json.key("isVoided")
        json.bool(isVoided)
        json.key("kind")
        json.string(kind)
        if let minimumAge {
            json.key("minimumAge")
            json.int(minimumAge)
        }
        json.key("name")
        json.string(name)
        json.key("productID")
        json.string(productID)
        json.key("quantity")
        json.int(quantity)
        json.key("scannedCode")
        json.string(scannedCode)
        if let staffPriceReason {
            json.key("staffPriceReason")
            json.string(staffPriceReason)
        }
        json.key("total")
        json.money(total)
        json.key("unitPrice")
        json.money(unitPrice)
        json.key("vatRate")
        json.int(vatRate)
        if let weightGrams {
            json.key("weightGrams")
            json.int(weightGrams)
        }
        json.endObject()
    }
}

extension SessionView.Totals {
    func write(to json: inout ProtocolJSONWriter) {
        json.beginObject()
        json.key("depositTotal")
        json.money(depositTotal)
        // `sortedKeys` compares bytes: "discountTotal" ('T', 0x54) sorts before "discounts" ('s', 0x73).
        json.key("discountTotal")
        json.money(discountTotal)
        json.key("discounts")
        json.beginArray()
        for discount in discounts { discount.write(to: &json) }
        json.endArray()
        json.key("itemsSubtotal")
        json.money(itemsSubtotal)
        json.key("total")
        json.money(total)
        json.key("vatBreakdown")
        json.beginArray()
        for vat in vatBreakdown {
            json.beginObject()
            json.key("gross")
            json.money(vat.gross)
            json.key("label")
            json.string(vat.label)
            json.key("net")
            json.money(vat.net)
            json.key("rate")
            json.int(vat.rate)
            json.key("vat")
            json.money(vat.vat)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }
}

extension SessionView.Discount {
    func write(to json: inout ProtocolJSONWriter) {
        json.beginObject()
        json.key("allocations")
        json.beginArray()
        for allocation in allocations {
            json.beginObject()
            json.key("amount")
            json.money(allocation.amount)
            json.key("lineID")
            json.string(allocation.lineID)
            json.endObject()
        }
        json.endArray()
        json.key("amount")
        json.money(amount)
        if let couponCode {
            json.key("couponCode")
            json.string(couponCode)
        }
        json.key("kind")
        json.string(kind)
        json.key("name")
        json.string(name)
        if let promotionID {
            json.key("promotionID")
            json.string(promotionID)
        }
        if let reason {
            json.key("reason")
            json.string(reason)
        }
        json.endObject()
    }
}

extension SessionView.Payments {
    func write(to json: inout ProtocolJSONWriter) throws {
        json.beginObject()
        json.key("due")
        json.money(due)
        json.key("paid")
        json.money(paid)
        json.key("records")
        if records.isEmpty {
            json.beginArray()
            json.endArray()
        } else {
            try json.encoded(records)
        }
        json.endObject()
    }
}
