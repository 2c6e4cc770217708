import Foundation
import SelfScanAPI
import SelfScanSync

@testable import SelfScanConsole

/// The daemon's answers for the console's tests, written as the JSON the daemon sends and decoded into the
/// daemon's own types (so the fixtures cannot drift from the API).
enum DaemonFixtures {
    static func money(_ minor: Int64) -> [String: Any] { ["minor": minor, "currency": "EUR"] }

    static func iso(_ unixSeconds: Int64) -> String {
        ProtocolJSON.text(of: Date(timeIntervalSince1970: TimeInterval(unixSeconds)))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ object: Any) throws -> T {
        try DaemonResponses.decoder().decode(T.self, from: JSONSerialization.data(withJSONObject: object))
    }

    /// One row of `GET /v1/sessions`.
    static func item(
        _ id: String, _ state: String, _ minor: Int64, updatedAt: Int64, openedAt: Int64? = nil, device: String = "kiosk-1"
    ) throws -> DaemonResponses.SessionList.Item {
        var object: [String: Any] = [
            "id": id, "device": device, "state": state, "total": money(minor), "lineCount": 2, "updatedAt": iso(updatedAt),
        ]
        if let openedAt { object["openedAt"] = iso(openedAt) }
        return try decode(DaemonResponses.SessionList.Item.self, object)
    }

    /// `GET /v1/status` with a catalog (v9, 120 s old), an outbox of 4 and the given sync engine status.
    static func status(sync: SelfScanAPI.SyncStatus? = nil, now: Int64) throws -> DaemonResponses.Status {
        let syncObject: Any =
            try sync.map { try JSONSerialization.jsonObject(with: ProtocolJSON.encoder().encode($0)) } ?? NSNull()
        return try decode(
            DaemonResponses.Status.self,
            [
                "store": "FR-1", "device": "store-1", "role": "store", "startedAt": iso(now - 10), "uptimeSeconds": 10,
                "eventSubscribers": 0, "payment": ["terminal": "simulated"],
                "signing": ["signingKeyID": NSNull(), "trustedKeyIDs": [String]()],
                "catalog": ["version": 9, "ageSeconds": 120, "appliedAt": iso(now - 120)], "sync": syncObject,
                "outboxDepth": 4,
            ])
    }

    /// The `Session` view as JSON: empty basket, the given state, pending approvals and audit.
    static func sessionView(id: String, state: String, pending: [String] = [], audit: [String: Any]? = nil) -> [String: Any] {
        [
            "id": id, "store": "FR-1", "device": "kiosk-1", "state": state, "catalogVersion": 9, "customer": NSNull(),
            "lines": [Any](),
            "totals": [
                "itemsSubtotal": money(0), "discounts": [Any](), "discountTotal": money(0), "depositTotal": money(0),
                "total": money(0), "vatBreakdown": [Any](),
            ],
            "pendingApprovalLineIDs": pending, "audit": audit ?? NSNull(),
            "payment": ["paid": money(0), "due": money(0), "records": [Any]()], "exitPass": NSNull(),
        ]
    }

    static func audit(required: Bool, basisPoints: Int, passed: Bool?, differences: [String]) -> [String: Any] {
        [
            "required": required, "mode": NSNull(), "probabilityBasisPoints": basisPoints, "reasons": [String](),
            "linesToCheck": [String](), "passed": passed.map { $0 as Any } ?? NSNull(), "differences": differences,
        ]
    }

    static func detail(id: String, state: String, pending: [String] = [], audit: [String: Any]? = nil) throws
        -> DaemonResponses.SessionDetail
    {
        try decode(DaemonResponses.SessionDetail.self, sessionView(id: id, state: state, pending: pending, audit: audit))
    }

    /// JSON text of a value built above (for the stub daemon's answers).
    static func text(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}
