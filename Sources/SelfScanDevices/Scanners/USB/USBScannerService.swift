import Foundation
public import SelfScanCore

/// Finds USB scanners (hotplug callbacks, or polling where libusb has none), claims the ones a profile
/// names, reads them, and delivers `ScannerEvent`s as an `AsyncSequence`. Unplug and replug on the same
/// port resume without a restart; failures are reported and retried with backoff; `stop()` (call it on
/// SIGTERM) releases every interface and gives the devices back to the kernel.
///
/// `@unchecked Sendable`: every mutable property is only touched on `queue` (a serial DispatchQueue);
/// public methods hop onto it.
public final class USBScannerService: @unchecked Sendable {
    public struct Options: Sendable {
        /// Poll the bus instead of using hotplug callbacks (automatic when libusb has no hotplug).
        public var forcePolling: Bool
        public var pollIntervalMillis: Int
        public init(forcePolling: Bool = false, pollIntervalMillis: Int = 1000) {
            self.forcePolling = forcePolling
            self.pollIntervalMillis = pollIntervalMillis
        }
    }

    /// The scanner events; one consumer.
    public let events: AsyncStream<ScannerEvent>
    private let continuation: AsyncStream<ScannerEvent>.Continuation
    private let queue = DispatchQueue(label: "selfscan.usb-scanners")
    private let catalog: ProfileCatalog
    private let options: Options
    private var context: USBContext?
    private var machine = ScannerAttachmentStateMachine()
    private var known: [String: (summary: USBDeviceSummary, device: USBDeviceReference)] = [:]
    private var connections: [String: USBScannerConnection] = [:]
    /// CDC-ACM and evdev scanners found on USB are read through their kernel node.
    private var nodeReaders: [String: (reader: any ScannerSource, forwarder: Task<Void, Never>)] = [:]
    private var timer: (any DispatchSourceTimer)?
    private var pollTimer: (any DispatchSourceTimer)?
    private var stopped = false

    public init(catalog: ProfileCatalog, options: Options = Options()) {
        self.catalog = catalog
        self.options = options
        (events, continuation) = AsyncStream.makeStream(of: ScannerEvent.self, bufferingPolicy: .unbounded)
    }

    deinit { stop() }

    /// The device id for a USB location.
    public static func deviceID(portPath: String) -> DeviceID { DeviceID("usb:\(portPath)") }

    /// Opens libusb, starts its event thread, and enumerates (existing devices arrive at once).
    public func start() throws(ScannerError) {
        let context = try USBContext()
        context.startEventThread()
        queue.sync { self.context = context }
        if context.supportsHotplug && !options.forcePolling {
            let sink = HotplugSink(
                arrived: { [weak self] summary, device in
                    guard let self else { return }
                    self.queue.async { self.arrived(summary, device) }
                },
                left: { [weak self] port in
                    guard let self else { return }
                    self.queue.async { self.left(port) }
                })
            try context.registerHotplug(sink)
        } else {
            queue.sync { poll() }
            let pollTimer = DispatchSource.makeTimerSource(queue: queue)
            let interval = DispatchTimeInterval.milliseconds(max(50, options.pollIntervalMillis))
            pollTimer.schedule(deadline: .now() + interval, repeating: interval)
            pollTimer.setEventHandler { [weak self] in self?.poll() }
            pollTimer.resume()
            queue.sync { self.pollTimer = pollTimer }
        }
        queue.sync {}  // the enumeration callbacks queued above have run
    }

    /// Every device seen, with its profile and claim state.
    public func snapshot() -> [ScannerDescription] {
        queue.sync { machine.entries.values.map(\.description).sorted { $0.location < $1.location } }
    }

    /// Stops reading, releases every interface, reattaches kernel drivers, closes libusb. Idempotent.
    public func stop() {
        let context: USBContext? = queue.sync {
            guard !stopped else { return nil }
            stopped = true
            timer?.cancel()
            pollTimer?.cancel()
            for location in machine.openLocations {
                perform(machine.left(location: location))
            }
            for (_, connection) in connections { connection.close() }
            connections = [:]
            for (_, node) in nodeReaders {
                node.reader.stop()
                node.forwarder.cancel()
            }
            nodeReaders = [:]
            known = [:]
            return self.context
        }
        guard let context else { return }
        context.deregisterHotplug()
        context.stopEventThread()
        queue.sync { self.context = nil }
        continuation.finish()
    }

    // MARK: on `queue`

    private func arrived(_ summary: USBDeviceSummary, _ device: USBDeviceReference) {
        guard !stopped, !summary.isHub else { return }
        known[summary.portPath] = (summary, device)
        let profile = summary.interfaces.lazy.compactMap {
            self.catalog.match(vendorID: summary.vendorID, productID: summary.productID, interface: $0.number)
        }.first
        let description = ScannerDescription(
            deviceID: Self.deviceID(portPath: summary.portPath), usbID: summary.model.description,
            location: "usb \(summary.portPath) (bus \(summary.busNumber) device \(summary.address))",
            product: summary.product, profileID: nil, protocolName: nil, claim: .unknown)
        perform(machine.arrived(location: summary.portPath, description: description, profile: profile))
    }

    private func left(_ portPath: String) {
        guard !stopped else { return }
        known[portPath] = nil
        perform(machine.left(location: portPath))
    }

    private func poll() {
        guard !stopped, let context else { return }
        let current = context.devices().filter { !$0.summary.isHub }
        let locations = Set(current.map(\.summary.portPath))
        for location in known.keys where !locations.contains(location) { left(location) }
        for (summary, device) in current {
            // A different device on the same port is a departure then an arrival.
            if let previous = known[summary.portPath], previous.summary.model != summary.model
                || previous.summary.address != summary.address {
                left(summary.portPath)
            }
            if known[summary.portPath] == nil { arrived(summary, device) }
        }
    }

    private func perform(_ actions: [ScannerAttachmentStateMachine.Action]) {
        for action in actions {
            switch action {
            case .open(let location, let profileID):
                open(location: location, profileID: profileID)
            case .close(let location):
                connections.removeValue(forKey: location)?.close()
                if let node = nodeReaders.removeValue(forKey: location) {
                    node.reader.stop()
                    node.forwarder.cancel()
                }
            case .emit(let event):
                continuation.yield(event)
            }
        }
        reschedule()
    }

    private func open(location: String, profileID: String) {
        guard let (summary, device) = known[location],
              let profile = summary.interfaces.lazy.compactMap({
                  self.catalog.match(vendorID: summary.vendorID, productID: summary.productID, interface: $0.number)
              }).first(where: { $0.id == profileID }) else {
            perform(machine.left(location: location))
            return
        }
        if profile.protocol == .cdcACM || profile.protocol == .evdev {
            openKernelNode(location: location, summary: summary, profile: profile)
            return
        }
        do {
            let connection = try USBScannerConnection(
                summary: summary, device: device, profile: profile, deviceID: Self.deviceID(portPath: location),
                onReport: { [weak self] report in
                    guard let self else { return }
                    self.queue.async { self.received(report, from: location) }
                },
                onFailure: { [weak self] error in
                    guard let self else { return }
                    self.queue.async { self.readFailed(location, error) }
                })
            connections[location] = connection
            perform(machine.opened(location: location))
        } catch {
            perform(machine.failed(location: location, error: error, at: SystemTime.monotonicNanos()))
        }
    }

    /// Reads a CDC-ACM or evdev scanner through the node the kernel made for its interface. The node can
    /// appear a moment after the USB device: not finding it is a failure retried with backoff.
    private func openKernelNode(location: String, summary: USBDeviceSummary, profile: ScannerProfile) {
        guard let path = KernelNodeLocator.node(
            for: profile.protocol, port: summary.portPath, configuration: summary.configurationValue,
            interface: profile.interface) else {
            perform(machine.failed(
                location: location,
                error: ScannerError(.openFailed, "no \(profile.protocol.rawValue) node for \(summary.model) interface \(profile.interface) yet"),
                at: SystemTime.monotonicNanos()))
            return
        }
        let deviceID = Self.deviceID(portPath: location)
        let reader: any ScannerSource = profile.protocol == .cdcACM
            ? SerialScannerReader(path: path, profile: profile, deviceID: deviceID)
            : EvdevScannerReader(path: path, profile: profile, deviceID: deviceID)
        do {
            try reader.start()
        } catch {
            perform(machine.failed(location: location, error: error, at: SystemTime.monotonicNanos()))
            return
        }
        let continuation = self.continuation
        // The service reports attach/detach itself (from USB hotplug); the node reader adds data and errors.
        let forwarder = Task {
            for await event in reader.events {
                switch event {
                case .data, .error: continuation.yield(event)
                case .attached, .detached: break
                }
            }
        }
        nodeReaders[location] = (reader, forwarder)
        perform(machine.opened(location: location))
    }

    private func received(_ report: [UInt8], from location: String) {
        guard !stopped, let connection = connections[location] else { return }
        for event in connection.handle(report: report) { continuation.yield(event) }
        reschedule()
    }

    private func readFailed(_ location: String, _ error: ScannerError) {
        guard !stopped, connections[location] != nil else { return }
        perform(machine.failed(location: location, error: error, at: SystemTime.monotonicNanos()))
    }

    /// One timer for the earliest decoder deadline or retry.
    private func reschedule() {
        guard !stopped else { return }
        let deadlines = connections.values.compactMap(\.deadline) + [machine.nextRetry].compactMap { $0 }
        guard let earliest = deadlines.min() else {
            timer?.cancel()
            timer = nil
            return
        }
        if timer == nil {
            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.setEventHandler { [weak self] in self?.fire() }
            timer.resume()
            self.timer = timer
        }
        let now = SystemTime.monotonicNanos()
        let delay = earliest > now ? earliest - now + 1_000_000 : 1_000_000
        timer?.schedule(deadline: .now() + .nanoseconds(Int(min(delay, 60_000_000_000))))
    }

    private func fire() {
        guard !stopped else { return }
        for (_, connection) in connections.sorted(by: { $0.key < $1.key }) {
            for event in connection.tick() { continuation.yield(event) }
        }
        perform(machine.tick(at: SystemTime.monotonicNanos()))
    }
}
