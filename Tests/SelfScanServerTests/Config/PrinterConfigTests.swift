import Foundation
import SelfScanServer
import Testing

/// The `printer` section: on with its defaults, off, and refused with its path when wrong.
@Suite("Printer config")
struct PrinterConfigTests {
    private func parse(_ printer: String) throws(ConfigError) -> DaemonConfig {
        try DaemonConfig.parse(json: Data(#"{"store":"S","device":"k","role":"kiosk","dataDir":"/x","printer":\#(printer)}"#.utf8))
    }

    @Test func printerSectionIsValidated() throws {
        let on = try parse(#"{"usb":true}"#)
        #expect(on.printer == PrinterConfig(profilesDirectory: "/usr/share/selfscan/devices/printers", pollMillis: 1000))
        let custom = try parse(#"{"usb":true,"profilesDir":"/p","pollMillis":250}"#)
        #expect(custom.printer == PrinterConfig(profilesDirectory: "/p", pollMillis: 250))
        #expect(try parse(#"{"usb":false}"#).printer == nil)
        for bad in [#"{"usb":"yes"}"#, #"{"usb":true,"pollMillis":10}"#, #"{"usb":true,"paper":58}"#] {
            #expect(throws: ConfigError.self) { _ = try parse(bad) }
        }
        do {
            _ = try parse(#"{"usb":true,"pollMillis":0}"#)
            Issue.record("pollMillis 0 accepted")
        } catch {
            #expect(error.path == "printer.pollMillis")
        }
    }
}
