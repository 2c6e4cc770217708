import Foundation
import SelfScanAPI

/// The JSON the console reads from the daemon (docs/api.md), decoded into the contract's types (SelfScanAPI),
/// the same ones the daemon encodes: a change of the API is a compile error here, not a silent mismatch.
enum DaemonResponses {
    /// `GET /v1/status`.
    typealias Status = DaemonStatus
    /// `POST /v1/staff/login`.
    typealias Login = StaffLoginAnswer
    /// `GET /v1/sessions`.
    typealias SessionList = SelfScanAPI.SessionList
    /// `GET /v1/staff/alerts`.
    typealias AlertList = StaffAlertList
    /// `GET /v1/sessions/{id}` and the answer of a staff action on a session.
    typealias SessionDetail = SessionView
    /// `GET /v1/devices`.
    typealias DeviceList = SelfScanAPI.DeviceList
    /// `{"error": {"code", "message"}}`.
    typealias ErrorBody = APIErrorBody

    /// The daemon's JSON configuration (ISO 8601 dates), the same one it encodes with.
    static func decoder() -> JSONDecoder { ProtocolJSON.decoder() }
}
