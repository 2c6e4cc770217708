import Logging
public import SelfScanCore
public import SelfScanDevices
public import ServiceLifecycle

/// Feeds scans from attached scanners (or the demo's simulated scanner) into the device's session, one at a
/// time, in order. A refused scan is logged and published (`scanRefused`), and the next one goes on.
/// Ends on graceful shutdown (the scanner hub is stopped so devices are released).
public struct ScannerPump: Service {
    let sessions: LiveSessions
    let scans: AsyncStream<ScannerEvent>
    let events: EventHub
    let logger: Logger
    let onStop: @Sendable () -> Void

    public init(
        daemon: Daemon, scans: AsyncStream<ScannerEvent>, onStop: @escaping @Sendable () -> Void = {}
    ) throws {
        guard let sessions = daemon.sessions else { throw APIError.roleNotAllowed(daemon.config.role) }
        self.sessions = sessions
        self.scans = scans
        self.events = daemon.events
        self.logger = daemon.logger
        self.onStop = onStop
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            for await event in scans {
                await handle(event)
            }
        } onGracefulShutdown: {
            onStop()
        }
    }

    private func handle(_ event: ScannerEvent) async {
        switch event {
        case .data(let scan):
            do {
                _ = try await sessions.scanFromDevice(scan)
            } catch {
                let apiError = APIError(mapping: error)
                logger.warning(
                    "scan refused: \(apiError.message)",
                    metadata: ["device": "\(scan.deviceID)", "code": "\(apiError.code)"])
            }
        case .attached(let description):
            logger.info("scanner attached", metadata: ["scanner": "\(description)"])
            await events.publish(type: "device", session: nil, encoding: ["event": "attached", "scanner": "\(description)"])
        case .detached(let device):
            logger.info("scanner detached", metadata: ["scanner": "\(device)"])
            await events.publish(type: "device", session: nil, encoding: ["event": "detached", "scanner": "\(device)"])
        case .error(let device, let error):
            logger.warning("scanner error", metadata: ["scanner": "\(device)", "error": "\(error)"])
            await events.publish(type: "device", session: nil, encoding: ["event": "error", "scanner": "\(device)", "error": "\(error)"])
        }
    }
}
