public import Hummingbird
import SelfScanDevices
public import ServiceLifecycle

/// The demo's application: the daemon's API plus a simulated scanner (fed by `DemoShopperScript` unless `trip` is
/// false) pumping into the kiosk's session, all in one service group.
public func buildDemoApplication(
    daemon: Daemon, trip: Bool, pause: Duration, referential: (any Service)? = nil,
    onServerRunning: @escaping @Sendable (Int) async -> Void
) throws -> some ApplicationProtocol {
    let (scans, scanner) = AsyncStream.makeStream(of: ScannerEvent.self)
    var services: [any Service] = [try ScannerPump(daemon: daemon, scans: scans, onStop: { scanner.finish() })]
    if let referential { services.insert(referential, at: 0) }
    if trip { services.append(DemoShopperScript(daemon: daemon, scanner: scanner, pause: pause)) }
    if let printer = daemon.config.printer {  // `selfscan demo --printer-profiles`: the receipt on the USB printer
        services.append(try makeReceiptPrintService(daemon: daemon, printer: printer))
    }
    return try buildApplication(daemon: daemon, services: services, onServerRunning: onServerRunning)
}
