import SelfScanDevices

/// The print service over the USB receipt printer the config names (its profiles directory).
func makeReceiptPrintService(daemon: Daemon, printer config: PrinterConfig) throws -> ReceiptPrintService {
    let catalog: PrinterProfileCatalog
    do {
        catalog = try PrinterProfileCatalog.load(directory: config.profilesDirectory)
    } catch {
        throw ConfigError(.badValue, path: "printer.profilesDir", "cannot load printer profiles: \(error)")
    }
    let printer = USBReceiptPrinter(catalog: catalog)
    return try ReceiptPrintService(
        daemon: daemon, printer: printer, pollInterval: .milliseconds(config.pollMillis), onStop: { printer.stop() })
}
