public import Foundation

/// Something staff must do for a session (`GET /v1/staff/alerts`, `alert` events).
public struct StaffAlert: Codable, Sendable {
    /// `ageApproval`, `unknownCode`, `saleRefused`, `audit`, `help`, `device` (a scanner unplugged).
    public let kind: String
    public let id: String
    /// The session concerned; `null` for `device` alerts.
    public let session: String?
    public let device: String
    public let at: Int64
    public let message: String
    public let code: String?
    /// Whether the daemon already published it as an `alert` event (daemon-side bookkeeping).
    public var published = false

    public init(
        kind: String, id: String, session: String?, device: String, at: Int64, message: String, code: String?,
        published: Bool = false
    ) {
        self.kind = kind
        self.id = id
        self.session = session
        self.device = device
        self.at = at
        self.message = message
        self.code = code
        self.published = published
    }
}
