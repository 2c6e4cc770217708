import Foundation
import SelfScanAPI

extension LiveSessions {
    /// A security event staff must see (a staff login lockout, …): a `security` alert, published to the
    /// console and the handheld pages like every alert. One alert per `id` (a repeated lockout updates it).
    func raiseSecurityAlert(id: String, message: String, code: String?) async {
        let alert = StaffAlert(
            kind: "security", id: "security-\(id)", session: nil, device: deviceID.rawValue,
            at: clock.now().date, message: message, code: code, published: true)
        alerts[alert.id] = alert
        await events.publish(type: "alert", session: nil, encoding: alert)
    }
}
