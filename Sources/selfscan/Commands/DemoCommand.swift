import ArgumentParser
import Foundation
import SelfScanCore
import SelfScanServer

/// `selfscan demo`: one process with the store daemon on the seeded French hypermarket catalog, a simulated
/// scanner replaying a shopping trip (logged line by line), and the kiosk page on http://127.0.0.1:8080.
/// Ctrl-C stops it cleanly.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the demo: store daemon + seeded catalog + simulated scanner trip + kiosk page.")

    @Option(name: .long, help: "HTTP port of the kiosk page and API (loopback).")
    var port: Int = 8080

    @Option(name: .long, help: "Data directory (default: a fresh temporary directory).")
    var dataDir: String?

    @Flag(name: .long, help: "Do not replay the simulated shopping trip.")
    var noTrip = false

    @Option(name: .long, help: "Pause between simulated scans, in milliseconds.")
    var scanPauseMs: Int = 1200

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard (0...60_000).contains(scanPauseMs) else { throw ValidationError("--scan-pause-ms must be 0…60000") }
    }

    func run() async throws {
        let directory =
            dataDir ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("selfscan-demo-\(ProcessInfo.processInfo.processIdentifier)").path
        let config = DaemonConfig(
            store: DemoCatalog.storeID.rawValue, device: "kiosk-demo", role: .store,
            listen: .init(host: "127.0.0.1", port: port), dataDirectory: directory, logLevel: .info,
            staff: [
                DaemonConfig.StaffMember(
                    id: "S001", name: "Démo", badge: "selfscan:badge:S001",
                    pinSHA256: StaffAuthenticator.pinHash(staffID: "S001", pin: "1234"),
                    roles: [.supervisor])
            ],
            catalogSeed: .frenchHypermarketDemo)
        DaemonLogging.bootstrap(format: .text, level: .info)
        let daemon = try await Daemon.open(config: config)
        let app = try buildDemoApplication(daemon: daemon, trip: !noTrip, pause: .milliseconds(scanPauseMs)) {
            boundPort in
            print(
                """

                  SelfScan demo — store \(config.store), data in \(directory)
                  Kiosk page:    http://127.0.0.1:\(boundPort)/
                  Handheld page: http://127.0.0.1:\(boundPort)/handheld.html  (staff badge S001, PIN 1234)
                  API:           http://127.0.0.1:\(boundPort)/v1/status   (docs/api.md)
                  Ctrl-C to stop.

                """)
            fflush(nil)
        }
        try await app.runService()
    }
}
