public import Hummingbird
import SelfScanDevices
import ServiceLifecycle

/// `selfscan serve`'s application: the API, and when `scanners.usb` is on, the attached scan guns (matched
/// by their device profiles) pumped into this device's session; when `printer.usb` is on, paid baskets'
/// receipts printed on the USB receipt printer. Scanners and printer are released on shutdown.
public func buildServeApplication(daemon: Daemon) throws -> some ApplicationProtocol {
    var services: [any Service] = []
    if let directory = daemon.config.scannerProfilesDirectory, daemon.sessions != nil {
        let catalog: ProfileCatalog
        do {
            catalog = try ProfileCatalog.load(directory: directory)
        } catch {
            throw ConfigError(.badValue, path: "scanners.profilesDir", "cannot load device profiles: \(error)")
        }
        let hub = ScannerHub(sources: [USBScannerService(catalog: catalog)])
        for failure in hub.start() {
            daemon.logger.warning("scanner source did not start", metadata: ["error": "\(failure)"])
        }
        services.append(try ScannerPump(daemon: daemon, scans: hub.events, onStop: { hub.stop() }))
    }
    if let printer = daemon.config.printer {
        services.append(try makeReceiptPrintService(daemon: daemon, printer: printer))
    }
    return try buildApplication(daemon: daemon, services: services)
}
