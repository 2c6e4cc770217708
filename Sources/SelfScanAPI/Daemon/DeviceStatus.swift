public import Foundation

/// One device as `GET /v1/devices` lists it: this daemon, a scanner of its scanner hub, its receipt printer, or a web page that
/// announced itself with `POST /v1/devices/heartbeat`. Optional fields are written as `null`, never left out.
public struct DeviceStatus: Sendable, Hashable, Codable {
    /// What kind of device this is.
    public enum Kind: String, Sendable, Hashable, Codable {
        case daemon, scanner, page
        /// A receipt printer (its `fault`: paper out, cover open, unplugged…).
        case printer
    }

    public let id: String
    public let kind: Kind
    /// `kiosk`, `handheld`, `gate` or `store` (daemon and pages); `null` for scanners.
    public let role: String?
    public let name: String
    public let online: Bool
    public let lastSeenAt: Date
    public let lastScanAt: Date?
    /// The last problem (a scanner error, "unplugged"), `null` when none.
    public let fault: String?
    /// The session the device is bound to, if any.
    public let sessionID: String?

    public init(
        id: String, kind: Kind, role: String?, name: String, online: Bool, lastSeenAt: Date, lastScanAt: Date?,
        fault: String?, sessionID: String?
    ) {
        self.id = id
        self.kind = kind
        self.role = role
        self.name = name
        self.online = online
        self.lastSeenAt = lastSeenAt
        self.lastScanAt = lastScanAt
        self.fault = fault
        self.sessionID = sessionID
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, role, name, online, lastSeenAt, lastScanAt, fault, sessionID
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(role, forKey: .role)
        try container.encode(name, forKey: .name)
        try container.encode(online, forKey: .online)
        try container.encode(lastSeenAt, forKey: .lastSeenAt)
        try container.encode(lastScanAt, forKey: .lastScanAt)
        try container.encode(fault, forKey: .fault)
        try container.encode(sessionID, forKey: .sessionID)
    }
}
