import Foundation
import SelfScanCore

/// The JSON the console reads from the daemon (docs/api.md), decoded leniently: unknown fields ignored.
enum DaemonResponses {
    struct Status: Decodable {
        struct Catalog: Decodable {
            let version: Int64
            let ageSeconds: Int64
        }
        /// The sync engine's status (`null` when no referential is configured).
        struct Sync: Decodable {
            /// `unknown`, `online`, `offline`.
            let connectivity: String
            let outboxDepth: Int?
            let oldestUnsentAt: Date?
            let lastError: String?
            /// `outboxOverCapacity`, `itemsRejected`, `catalogStale`.
            let alarms: [String]?
        }
        let store: String
        let device: String
        let role: String
        let uptimeSeconds: Int64
        let catalog: Catalog?
        let sync: Sync?
        let outboxDepth: Int?
    }

    struct Login: Decodable {
        let token: String
        let name: String
        let role: String
    }

    struct SessionList: Decodable {
        struct Item: Decodable {
            let id: String
            let device: String
            let state: String
            let total: Money?
            let lineCount: Int
            let updatedAt: Date
        }
        let sessions: [Item]
    }

    struct AlertList: Decodable {
        struct Alert: Decodable {
            let kind: String
            let id: String
            /// `nil` for alerts about a device rather than a session (`device`: a scanner unplugged).
            let session: String?
            let device: String
            /// Unix ms.
            let at: Int64
            let message: String
        }
        let alerts: [Alert]
    }

    /// The part of `GET /v1/sessions/{id}` the console shows.
    struct SessionDetail: Decodable {
        struct Audit: Decodable {
            let required: Bool
            let probabilityBasisPoints: Int
            let passed: Bool?
            let differences: [String]
        }
        let id: String
        let state: String
        let pendingApprovalLineIDs: [String]
        let audit: Audit?
    }

    /// `GET /v1/devices`: the daemon itself, its scanners and the pages that send heartbeats.
    struct DeviceList: Decodable {
        struct Device: Decodable {
            let id: String
            /// `daemon`, `scanner`, `page`.
            let kind: String
            let role: String?
            let name: String?
            let online: Bool
            let lastSeenAt: Date?
            let lastScanAt: Date?
            let fault: String?
            let sessionID: String?
        }
        let devices: [Device]
    }

    struct ErrorBody: Decodable {
        struct Detail: Decodable {
            let code: String
            let message: String
        }
        let error: Detail
    }

    /// Dates as the daemon sends them: ISO 8601 text (`2026-11-23T15:45:39Z`), with or without fractions.
    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = try? Date(text, strategy: .iso8601) { return date }
            if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a date: \(text)")
        }
        return decoder
    }
}
