import SelfScanAPI

/// The receipt printer of a kiosk (config `printer`):
/// `{"usb": true, "profilesDir": "/usr/share/selfscan/devices/printers", "pollMillis": 1000}`.
/// `usb: false` (or no `printer` object) means no printing on this device.
public struct PrinterConfig: Sendable, Hashable {
    /// Printer profiles (`devices/printers/*.json`): USB ids, paper width, characters per line.
    public var profilesDirectory: String
    /// How often the printer's status is read while idle or faulty.
    public var pollMillis: Int

    public init(profilesDirectory: String = "/usr/share/selfscan/devices/printers", pollMillis: Int = 1000) {
        self.profilesDirectory = profilesDirectory
        self.pollMillis = pollMillis
    }

    static func parse(_ value: JSONValue, _ path: String) throws(ConfigError) -> PrinterConfig? {
        var object = try ConfigObject(value, path: path)
        let usb = try object.optional("usb", ConfigObject.bool) ?? false
        let directory = try object.optional("profilesDir", ConfigObject.string) ?? "/usr/share/selfscan/devices/printers"
        let poll = try object.optional("pollMillis") { (value, path) throws(ConfigError) in
            try ConfigObject.integer(value, path, in: 50...60_000)
        } ?? 1000
        try object.finish()
        return usb ? PrinterConfig(profilesDirectory: directory, pollMillis: Int(poll)) : nil
    }
}
