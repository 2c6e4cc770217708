import Foundation
import SelfScanServer
import Testing

@Suite("Caisse-AP config")
struct CaisseAPConfigTests {
    private func parse(_ payment: String) throws(ConfigError) -> DaemonConfig {
        try DaemonConfig.parse(
            json: Data(#"{"store":"S","device":"k","role":"kiosk","dataDir":"/x","payment":\#(payment)}"#.utf8))
    }

    @Test("payment.caisseAP is read, with its defaults")
    func reads() throws {
        let config = try parse(
            #"{"terminal":"caisseAP","caisseAP":{"host":"10.0.0.5","port":8888,"register":"07","answerTimeoutSeconds":90}}"#)
        #expect(config.payment.terminal == .caisseAP)
        let settings = try #require(config.payment.caisseAP)
        #expect(settings.host == "10.0.0.5")
        #expect(settings.port == 8888)
        #expect(settings.registerNumber == "07")
        #expect(settings.answerTimeout == .seconds(90))
        #expect(settings.connectTimeout == .seconds(3))
        #expect(settings.protocolID == "000000000000")
    }

    @Test("a caisseAP terminal without its address, a bad register or port is a config error")
    func refuses() {
        for bad in [
            #"{"terminal":"caisseAP"}"#,
            #"{"terminal":"caisseAP","caisseAP":{"host":"h","port":0}}"#,
            #"{"terminal":"caisseAP","caisseAP":{"host":"h","port":8888,"register":"1"}}"#,
            #"{"terminal":"caisseAP","caisseAP":{"host":"h","port":8888,"unknown":1}}"#,
        ] {
            #expect(throws: ConfigError.self, "\(bad)") { _ = try parse(bad) }
        }
    }
}
