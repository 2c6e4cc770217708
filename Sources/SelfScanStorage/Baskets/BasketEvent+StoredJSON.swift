public import Foundation
import SelfScanAPI
public import SelfScanCore

// A scan stores one or two events (the line, its deposit; or a quantity change): their JSON is the event log's
// body and the outbox's payload, so the bytes must stay exactly what `BasketStore.encoder` (sorted keys, `/`
// escaped) writes. The scan's events are written by hand here, members in the encoder's sorted order, as
// synthesised `Codable` writes them (enum cases as `{"case":{labels…}}`, unlabelled values as `_0`, absent
// optionals omitted); every other event, and a line whose measure or origin is rarer, goes through the encoder.
// `BasketEventStoredJSONTests` compares the bytes with the encoder's.

extension BasketEvent {
    /// `BasketStore.encoder.encode(self)`: by hand for `lineAdded` (units or weight, scanned or deposit) and
    /// `quantityChanged`, through `encoder` otherwise.
    public func storedJSON(encoder: JSONEncoder) throws -> Data {
        switch payload {
        case .lineAdded(let line) where line.hasHandEncodedShape:
            var json = Self.writer(capacity: 640 + line.name.utf8.count)
            writeHead(to: &json)
            json.beginObject()
            json.key("lineAdded")
            json.beginObject()
            json.key("line")
            line.writeStored(to: &json)
            json.endObject()
            json.endObject()
            writeTail(to: &json)
            return json.data
        case .quantityChanged(let lineID, let quantity):
            var json = Self.writer(capacity: 256)
            writeHead(to: &json)
            json.beginObject()
            json.key("quantityChanged")
            json.beginObject()
            json.key("lineID")
            json.string(lineID.uuidString)
            json.key("quantity")
            json.int(quantity)
            json.endObject()
            json.endObject()
            writeTail(to: &json)
            return json.data
        default:
            return try encoder.encode(self)
        }
    }

    private static func writer(capacity: Int) -> ProtocolJSONWriter {
        var json = ProtocolJSONWriter(capacity: capacity)
        json.escapesSlashes = true
        return json
    }

    /// `{"id":…,"payload":` (the payload follows).
    private func writeHead(to json: inout ProtocolJSONWriter) {
        json.beginObject()
        json.key("id")
        json.string(id.uuidString)
        json.key("payload")
    }

    /// `,"sequence":…,"sessionID":…,"timestampNanos":…}`.
    private func writeTail(to json: inout ProtocolJSONWriter) {
        json.key("sequence")
        json.int(sequence)
        json.key("sessionID")
        json.string(sessionID.uuidString)
        json.key("timestampNanos")
        json.int(timestamp.nanosecondsSinceEpoch)
        json.endObject()
    }
}

extension BasketLine {
    /// Counted or weighed, scanned or a deposit: the shapes a scan adds (the others go through the encoder).
    var hasHandEncodedShape: Bool {
        switch (measure, origin) {
        case (.units, .scan), (.units, .deposit), (.weight, .scan), (.weight, .deposit): true
        default: false
        }
    }

    /// Members in sorted key order; `minimumAge` only when set.
    func writeStored(to json: inout ProtocolJSONWriter) {
        json.beginObject()
        json.key("alwaysAudit")
        json.bool(alwaysAudit)
        json.key("catalogVersion")
        json.int(catalogVersion.rawValue)
        json.key("id")
        json.string(id.uuidString)
        json.key("isVoided")
        json.bool(isVoided)
        json.key("measure")
        json.beginObject()
        switch measure {
        case .units(let count):
            json.key("units")
            json.beginObject()
            json.key("_0")
            json.int(count)
            json.endObject()
        case .weight(let grams):
            json.key("weight")
            json.beginObject()
            json.key("grams")
            json.int(grams)
            json.endObject()
        case .labelPrice:
            preconditionFailure("labelPrice lines go through the encoder (hasHandEncodedShape)")
        }
        json.endObject()
        if let minimumAge {
            json.key("minimumAge")
            json.int(minimumAge)
        }
        json.key("name")
        json.string(name)
        json.key("origin")
        json.beginObject()
        switch origin {
        case .scan:
            json.key("scan")
            json.beginObject()
            json.endObject()
        case .deposit(let parent):
            json.key("deposit")
            json.beginObject()
            json.key("parent")
            json.string(parent.uuidString)
            json.endObject()
        case .audit, .staffPriced:
            preconditionFailure("audit and staff-priced lines go through the encoder (hasHandEncodedShape)")
        }
        json.endObject()
        json.key("productID")
        json.string(productID.rawValue)
        json.key("promotionIDs")
        json.beginArray()
        for promotionID in promotionIDs { json.string(promotionID.rawValue) }
        json.endArray()
        json.key("scannedCode")
        json.string(scannedCode)
        json.key("unitPrice")
        json.money(unitPrice)
        json.key("vatRate")
        json.int(vatRate.basisPoints)
        json.endObject()
    }
}
