import Foundation
import SelfScanAPI
import SelfScanServer
import Testing

@Suite("Daemon config")
struct DaemonConfigTests {
    private func parse(_ text: String) throws(ConfigError) -> DaemonConfig {
        try DaemonConfig.parse(json: Data(text.utf8))
    }

    @Test func minimalConfigGetsLoopbackDefaults() throws {
        let config = try parse(#"{"store":"FR-1","device":"k1","role":"kiosk","dataDir":"/tmp/x"}"#)
        #expect(config.listen.host == "127.0.0.1")
        #expect(config.listen.port == 8080)
        #expect(config.listen.isLoopback)
        #expect(config.role == .kiosk)
        #expect(config.payment.terminal == .simulated)
        #expect(config.keysDirectory == "/tmp/x/keys")
    }

    @Test func scannersSectionIsValidated() throws {
        let on = try parse(#"{"store":"S","device":"k","role":"kiosk","dataDir":"/x","scanners":{"usb":true,"profilesDir":"/p"}}"#)
        #expect(on.scannerProfilesDirectory == "/p")
        let off = try parse(#"{"store":"S","device":"k","role":"kiosk","dataDir":"/x","scanners":{"usb":false}}"#)
        #expect(off.scannerProfilesDirectory == nil)
        #expect(throws: ConfigError.self) {
            _ = try parse(#"{"store":"S","device":"k","role":"kiosk","dataDir":"/x","scanners":{"usb":"yes"}}"#)
        }
    }

    @Test("timeZone: the store's IANA zone, the machine's by default, an unknown one refused with its path")
    func storeTimeZone() throws {
        let paris = try parse(#"{"store":"S","device":"k","role":"store","dataDir":"/x","timeZone":"Europe/Paris"}"#)
        #expect(paris.timeZone == "Europe/Paris")
        let machine = try parse(#"{"store":"S","device":"k","role":"store","dataDir":"/x"}"#)
        #expect(machine.timeZone == TimeZone.current.identifier)
        #expect {
            _ = try parse(#"{"store":"S","device":"k","role":"store","dataDir":"/x","timeZone":"Mars/Olympus"}"#)
        } throws: { error in
            (error as? ConfigError)?.path == "timeZone" && (error as? ConfigError)?.code == .badValue
        }
    }

    @Test func gateHasNoTerminalByDefault() throws {
        let config = try parse(#"{"store":"FR-1","device":"g1","role":"gate","dataDir":"/tmp/x"}"#)
        #expect(config.payment.terminal == .none)
    }

    @Test func fullConfigParses() throws {
        let text = """
            {"store":"FR-1","device":"k1","role":"store","dataDir":"/tmp/x","currency":"EUR",
             "listen":{"host":"127.0.0.1","port":9090},"logLevel":"debug","logFormat":"json",
             "referential":{"url":"http://127.0.0.1:8090","token":"abc"},
             "staff":[{"id":"S1","name":"Alice","badge":"B1","pinSHA256":"\(String(repeating: "a", count: 64))",
                       "roles":["attendant","auditor"]}],
             "signing":{"keysDir":"/tmp/k","trustedKeys":[{"keyID":"old","publicKey":"\(Data(repeating: 1, count: 32).base64EncodedString())"}],
                        "exitPassLifetimeSeconds":600},
             "payment":{"terminal":"simulated","script":["decline","approve"]}}
            """
        let config = try parse(text)
        #expect(config.listen.port == 9090)
        #expect(config.logLevel == .debug)
        #expect(config.logFormat == .json)
        #expect(config.referential?.token == "abc")
        #expect(config.staff.first?.roles == [.attendant, .auditor])
        #expect(config.signing.trustedKeys.first?.keyID == "old")
        #expect(config.signing.exitPassLifetimeSeconds == 600)
        #expect(config.payment.script == [.decline, .approve])
    }

    @Test(arguments: [
        (#"{"store":"FR-1","device":"k1","role":"kiosk","dataDir":"/x","colour":"red"}"#, ConfigError.Code.unknownKey, "colour"),
        (#"{"store":"FR-1","device":"k1","role":"kiosk","dataDir":"/x","listen":{"prot":1}}"#, .unknownKey, "listen.prot"),
        (#"{"store":"FR-1","device":"k1","role":"till","dataDir":"/x"}"#, .badValue, "role"),
        (#"{"store":"FR-1","role":"kiosk","dataDir":"/x"}"#, .missingKey, "device"),
        (#"{"store":"FR-1","device":"k1","role":"kiosk","dataDir":"/x","listen":{"port":70000}}"#, .badValue, "listen.port"),
        (#"{"store":"FR-1","device":"k1","role":"kiosk","dataDir":"/x","listen":{"port":"80"}}"#, .badValue, "listen.port"),
        (#"{"store":"FR-1","device":"k1","role":"kiosk","dataDir":"/x","currency":"euro"}"#, .badValue, "currency"),
        (#"{"store":"FR-1","device":"k1","role":"kiosk","dataDir":"/x","staff":[{"id":"S","badge":"B","pinSHA256":"1234","roles":["attendant"]}]}"#, .badValue, "staff[0].pinSHA256"),
        (#"{"store":"FR-1","device":"k1","role":"kiosk","dataDir":"/x","payment":{"script":["approve","maybe"]}}"#, .badValue, "payment.script[1]"),
        (#"{"store":"FR-1","device":"k1","role":"kiosk","dataDir":"/x","referential":{"url":"ftp://x"}}"#, .badValue, "referential.url"),
        (#"{"store":"FR-1","device":"k1","role":"kiosk","dataDir":"/x","signing":{"trustedKeys":[{"keyID":"a","publicKey":"AAAA"}]}}"#, .badValue, "signing.trustedKeys[0].publicKey"),
        (#"{"store":"FR-1", "device":}"#, .malformedJSON, ""),
        (#"[1,2]"#, .badValue, ""),
    ])
    func badConfigsAreRefusedWithTheirPath(text: String, code: ConfigError.Code, path: String) {
        #expect {
            _ = try parse(text)
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.code == code && error.path == path && !error.message.isEmpty
        }
    }

    @Test func unreadableFileIsAClearError() {
        #expect(throws: ConfigError.self) { _ = try DaemonConfig.load(path: "/nonexistent/selfscan.json") }
    }
}
