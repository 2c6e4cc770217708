import Foundation
import SelfScanServer
import SelfScanStorage
import Testing

/// Issue 22, item 4: the retention periods are configurable, with documented defaults (7 and 31 days).
@Suite("Privacy: retention configuration")
struct RetentionConfigTests {
    static let base = #""store":"S","device":"k","role":"kiosk","dataDir":"/x""#

    @Test func defaultsAndOverrides() throws {
        let defaults = try DaemonConfig.parse(json: Data("{\(Self.base)}".utf8))
        #expect(defaults.retention == RetentionPolicy())
        #expect(defaults.retention.closedSessionSeconds == 7 * 86_400)
        #expect(defaults.retention.auditLogSeconds == 31 * 86_400)
        let set = try DaemonConfig.parse(
            json: Data("{\(Self.base),\"retention\":{\"closedSessionDays\":2,\"auditLogDays\":90}}".utf8))
        #expect(set.retention.closedSessionSeconds == 2 * 86_400)
        #expect(set.retention.auditLogSeconds == 90 * 86_400)
    }

    @Test(arguments: [#"{"closedSessionDays":0}"#, #"{"auditLogDays":"31"}"#, #"{"keepForever":true}"#])
    func badRetentionIsRefused(section: String) {
        #expect(throws: ConfigError.self) {
            _ = try DaemonConfig.parse(json: Data("{\(Self.base),\"retention\":\(section)}".utf8))
        }
    }
}
