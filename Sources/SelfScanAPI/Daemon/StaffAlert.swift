public import Foundation

/// Something staff must do for a session (`GET /v1/staff/alerts`, `alert` events).
public struct StaffAlert: Codable, Sendable {
    /// `ageApproval`, `unknownCode`, `saleRefused`, `audit`, `help`, `device` (a scanner unplugged),
    /// `paymentUnknown`, `security`, `couponReused` (a released coupon spent elsewhere before a late charge).
    public let kind: String
    public let id: String
    /// The session concerned; `null` for `device` alerts.
    public let session: String?
    public let device: String
    /// When the alert was raised (ISO 8601 on the wire).
    public let at: Date
    public let message: String
    public let code: String?
    /// The item concerned (age check, stopped sale), so staff know what to look for; kept across a restart.
    public var item: AlertItem? = nil
    /// Whether the daemon already published it as an `alert` event (daemon-side bookkeeping).
    public var published = false

    /// The product an alert is about.
    public struct AlertItem: Codable, Sendable, Hashable {
        public let name: String
        public let minimumAge: Int?
        public let productID: String?

        public init(name: String, minimumAge: Int?, productID: String?) {
            self.name = name
            self.minimumAge = minimumAge
            self.productID = productID
        }
    }

    public init(
        kind: String, id: String, session: String?, device: String, at: Date, message: String, code: String?,
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
