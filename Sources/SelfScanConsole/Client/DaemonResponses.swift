import Foundation
import SelfScanAPI
import SelfScanServer
import SelfScanSync

/// The JSON the console reads from the daemon (docs/api.md), decoded into the daemon's own types: one
/// definition of each answer for both ends, so a change of the API is a compile error here, not a silent
/// mismatch. The console only names them.
enum DaemonResponses {
    /// `GET /v1/status`.
    typealias Status = SystemRoutes.Status
    /// `POST /v1/staff/login`.
    typealias Login = StaffRoutes.LoginResponse
    /// `GET /v1/sessions`.
    typealias SessionList = StaffSessionRoutes.SessionList
    /// `GET /v1/staff/alerts`.
    typealias AlertList = StaffSessionRoutes.AlertList
    /// `GET /v1/sessions/{id}` and the answer of a staff action on a session.
    typealias SessionDetail = SessionView
    /// `GET /v1/devices`.
    typealias DeviceList = DeviceRoutes.DeviceList
    /// `{"error": {"code", "message"}}`.
    typealias ErrorBody = APIError.Body

    /// The daemon's JSON configuration (ISO 8601 dates), the same one it encodes with.
    static func decoder() -> JSONDecoder { ProtocolJSON.decoder() }
}
