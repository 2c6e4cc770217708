public import Foundation
public import SelfScanAPI

/// A `POST /v1/ingest` body decoded straight from the request bytes into checked, fingerprinted items: each
/// payload is decoded once, into its kind's type (no untyped value tree, no encode-then-decode round trip).
/// Same wire format as `IngestBatch`.
public struct DecodedIngestBatch: Sendable, Decodable {
    /// The store every item must belong to (the token's).
    public let storeID: String
    /// In the order of the body, repeats included.
    let items: [PreparedIngestItem]

    /// How many items the body carried.
    public var count: Int { items.count }

    init(storeID: String, items: [PreparedIngestItem]) {
        self.storeID = storeID
        self.items = items
    }

    enum CodingKeys: String, CodingKey { case storeID, items }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        storeID = try container.decode(String.self, forKey: .storeID)
        var list = try container.nestedUnkeyedContainer(forKey: .items)
        var items: [PreparedIngestItem] = []
        items.reserveCapacity(list.count ?? 0)
        while !list.isAtEnd { items.append(try list.decode(DecodedIngestItem.self).prepared) }
        self.items = items
    }
}

/// One item of the body: the `IngestItem` fields, the payload decoded by kind.
struct DecodedIngestItem: Decodable {
    let prepared: PreparedIngestItem

    enum CodingKeys: String, CodingKey { case id, kind, storeID, orderingKey, sequence, createdAt, payload }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(IngestKind.self, forKey: .kind)
        let header = IngestItem(
            id: try container.decode(String.self, forKey: .id), kind: kind,
            storeID: try container.decode(String.self, forKey: .storeID),
            orderingKey: try container.decodeIfPresent(String.self, forKey: .orderingKey),
            sequence: try container.decodeIfPresent(Int64.self, forKey: .sequence),
            createdAt: try container.decode(Date.self, forKey: .createdAt), payload: .null)
        guard container.contains(.payload) else {
            throw DecodingError.keyNotFound(
                CodingKeys.payload, .init(codingPath: container.codingPath, debugDescription: "payload is required"))
        }
        prepared = try PreparedIngestItem(
            header: header, content: .decode(kind: kind, from: KeyedIngestPayloadSource(container: container, key: .payload)))
    }
}
