import Logging
public import SelfScanCore
public import SelfScanDevices
public import ServiceLifecycle
import Synchronization

/// Feeds scans from attached scanners (or the demo's simulated scanner) into the device's session, one at a
/// time, in order. A refused scan is logged and published (`scanRefused`), and the next one goes on.
/// Every scanner event also updates the `DeviceRegistry`; an unplugged scanner raises a `device` staff alert
/// (not when the daemon itself releases its scanners at shutdown).
/// Ends on graceful shutdown (the scanner hub is stopped so devices are released).
public struct ScannerPump: Service {
    let sessions: LiveSessions
    let scans: AsyncStream<ScannerEvent>
    let events: EventHub
    let devices: DeviceRegistry
    let logger: Logger
    let onStop: @Sendable () -> Void
    /// Set when shutdown starts: the detachments that follow are the daemon's own releases.
    private let stopping = StopFlag()

    private final class StopFlag: Sendable {
        let value = Atomic<Bool>(false)
    }

    public init(
        daemon: Daemon, scans: AsyncStream<ScannerEvent>, onStop: @escaping @Sendable () -> Void = {}
    ) throws {
        guard let sessions = daemon.sessions else { throw APIError.roleNotAllowed(daemon.config.role) }
        self.sessions = sessions
        self.scans = scans
        self.events = daemon.events
        self.devices = daemon.devices
        self.logger = daemon.logger
        self.onStop = onStop
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            for await event in scans {
                await handle(event)
            }
        } onGracefulShutdown: {
            stopping.value.store(true, ordering: .relaxed)
            onStop()
        }
    }

    private func handle(_ event: ScannerEvent) async {
        // A scan is recorded once handled (so the registry's counts mean "done"), other events at once.
        let unplugged: String? = if case .data = event { nil } else { await devices.record(event) }
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
            await devices.record(event)
        case .attached(let description):
            logger.info("scanner attached", metadata: ["scanner": "\(description)"])
            await events.publish(type: "device", session: nil, encoding: ["event": "attached", "scanner": "\(description)"])
            await sessions.resolveDeviceAlert(scanner: description.deviceID.rawValue)
        case .detached(let device):
            logger.info("scanner detached", metadata: ["scanner": "\(device)"])
            await events.publish(type: "device", session: nil, encoding: ["event": "detached", "scanner": "\(device)"])
            if let unplugged, !stopping.value.load(ordering: .relaxed) {
                await sessions.raiseDeviceAlert(scanner: unplugged)
            }
        case .error(let device, let error):
            logger.warning("scanner error", metadata: ["scanner": "\(device)", "error": "\(error)"])
            await events.publish(type: "device", session: nil, encoding: ["event": "error", "scanner": "\(device)", "error": "\(error)"])
        }
    }
}
