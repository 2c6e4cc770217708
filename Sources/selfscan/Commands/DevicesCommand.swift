import ArgumentParser
import Foundation
import SelfScanCore
import UnixSignals
import SelfScanDevices
import SelfScanServer
import Synchronization

/// `selfscan devices`: lists USB scanners, their matched profile and claim state; with the hidden
/// `--read N`, reads N scans with the production reader and prints them as JSON lines (umockdev tests).
struct DevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List attached scanners with their matched profile and claim state, and receipt printers with their state.")

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Option(help: "Directory of device profiles (default: $SELFSCAN_DEVICES_DIR, ./devices, /usr/share/selfscan/devices).")
    var profiles: String?

    @Option(name: .customLong("assign"), help: "Use a profile for a USB model: VID:PID=PROFILE (repeatable).")
    var assignments: [String] = []

    @Option(name: .customLong("evdev"), help: "With --read: also read a keyboard-wedge scanner's evdev node, PATH=PROFILE (repeatable).")
    var evdevNodes: [String] = []

    @Option(name: .customLong("serial"), help: "With --read: also read a serial (CDC-ACM) scanner, PATH=PROFILE (repeatable).")
    var serialNodes: [String] = []

    @Option(name: .customLong("caisse-ap"), help: "Probe a Caisse-AP payment terminal at HOST:PORT (connects, sends nothing), print its state, then exit (repeatable).")
    var caisseAPTerminals: [String] = []

    @Option(name: .customLong("config"), help: "A daemon's config file: list its payment terminal (probed) and the payment intents left open in its data directory, then exit.")
    var daemonConfig: String?
    @Flag(help: "List the USB receipt printers with their state (paper, cover) instead of the scanners.")
    var printers = false

    @Option(help: "Directory of printer profiles (default: <profiles>/printers).")
    var printerProfiles: String?

    @Option(name: .customLong("print"), help: ArgumentHelp("Print this ESC/POS file on the USB printer until it comes out whole; JSON lines.", visibility: .hidden))
    var printFile: String?

    @Flag(help: "Print the udev rules that let the daemon's group open the profiled scanners, then exit.")
    var udevRules = false

    @Flag(help: "Poll the bus instead of using libusb hotplug callbacks.")
    var poll = false

    @Option(help: ArgumentHelp("Read this many scans, print each event as a JSON line, then exit.", visibility: .hidden))
    var read: Int?

    @Option(help: ArgumentHelp("Give up reading after this many seconds (exit status 3).", visibility: .hidden))
    var timeout: Double = 10

    func validate() throws {
        if let read, read < 1 { throw ValidationError("--read needs a positive count") }
        for assignment in assignments where Self.parseAssignment(assignment) == nil {
            throw ValidationError("--assign '\(assignment)' is not VID:PID=PROFILE")
        }
        for node in evdevNodes + serialNodes where Self.parseNode(node) == nil {
            throw ValidationError("'\(node)' is not PATH=PROFILE")
        }
    }

    func run() async throws {
        if let daemonConfig {
            let config = try DaemonConfig.load(path: daemonConfig)
            try PaymentTerminalListing.print(await PaymentTerminalListing.row(config: config), json: json)
            return
        }
        if !caisseAPTerminals.isEmpty {
            for target in caisseAPTerminals {
                guard let colon = target.lastIndex(of: ":"), let port = Int(target[target.index(after: colon)...]),
                    (1...65535).contains(port)
                else { throw ValidationError("--caisse-ap '\(target)' is not HOST:PORT") }
                let host = String(target[..<colon])
                let problem = await CaisseAPTerminal.probe(host: host, port: port)
                print("payment terminal  caisseAP  \(host):\(port)  \(problem.map { "unreachable: \($0)" } ?? "reachable")")
            }
            return
        }
        if printers || printFile != nil {
            try await runPrinters()
            return
        }
        var catalog: ProfileCatalog
        do {
            catalog = try ProfileCatalog.load(directory: profiles ?? Self.defaultProfilesDirectory())
            for assignment in assignments {
                guard let (key, profileID) = Self.parseAssignment(assignment) else { continue }
                try catalog.assign(key, profileID: profileID)
            }
        } catch {
            throw ValidationError("bad device profiles: \(error)")
        }
        if udevRules {
            print(UdevRules.render(catalog), terminator: "")
            return
        }
        let service = USBScannerService(catalog: catalog, options: .init(forcePolling: poll))
        var sources: [any ScannerSource] = [service]
        for (node, isSerial) in evdevNodes.map({ ($0, false) }) + serialNodes.map({ ($0, true) }) {
            guard let (path, profileID) = Self.parseNode(node), let profile = catalog.profile(id: profileID) else {
                throw ValidationError("'\(node)': no such profile")
            }
            sources.append(isSerial ? SerialScannerReader(path: path, profile: profile)
                                    : EvdevScannerReader(path: path, profile: profile))
        }
        guard let read else {
            do {
                try service.start()
            } catch {
                throw ValidationError("cannot start the USB scanner service: \(error)")
            }
            let devices = service.snapshot()
            service.stop()
            print(json ? try Self.jsonText(devices) : Self.table(devices))
            if !json { await printPrinterTable() }
            return
        }
        try await readScans(hub: ScannerHub(sources: sources), count: read)
    }

    private func readScans(hub: ScannerHub, count: Int) async throws {
        let signalled = SignalFlag()
        let trapped = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        let signals = Task {
            for await _ in trapped {
                signalled.set()
                hub.stop()
            }
        }
        defer { signals.cancel() }
        hub.start()
        // Past the deadline the loop is cancelled (the hub's stream ends it) and the scans read so far are lost
        // to the count: fewer than asked is "timed out" either way.
        let scans = try await withTimeout(.milliseconds(Int64(max(0.1, timeout) * 1000))) {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var scans = 0
            for await event in hub.events {
                let line = String(decoding: try encoder.encode(ScannerEventRecord(event)), as: UTF8.self)
                print(line)
                fflush(nil)
                if case .data = event { scans += 1 }
                if scans >= count { break }
            }
            return scans
        } ?? 0
        hub.stop()
        if scans < count && !signalled.isSet {
            throw ExitCode(3)  // timed out
        }
    }

    static func parseAssignment(_ text: String) -> (USBModelKey, String)? {
        let parts = text.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, let key = USBModelKey(String(parts[0])), !parts[1].isEmpty else { return nil }
        return (key, String(parts[1]))
    }

    static func parseNode(_ text: String) -> (String, String)? {
        let parts = text.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, parts[0].hasPrefix("/"), !parts[1].isEmpty else { return nil }
        return (String(parts[0]), String(parts[1]))
    }

    static func defaultProfilesDirectory() -> String {
        if let configured = ProcessInfo.processInfo.environment["SELFSCAN_DEVICES_DIR"] { return configured }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: "devices", isDirectory: &isDirectory), isDirectory.boolValue {
            return "devices"
        }
        return "/usr/share/selfscan/devices"
    }

    static func jsonText(_ devices: [ScannerDescription]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(devices), as: UTF8.self)
    }

    static func table(_ devices: [ScannerDescription]) -> String {
        guard !devices.isEmpty else { return "No USB devices found." }
        return devices.map { device in
            [device.deviceID.rawValue, device.usbID ?? "-", device.profileID ?? "(no profile)",
             device.protocolName ?? "-", device.claim.rawValue, device.product ?? ""].joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

/// Set when SIGTERM/SIGINT arrives, read after the event loop.
private final class SignalFlag: Sendable {
    private let flag = Mutex(false)
    func set() { flag.withLock { $0 = true } }
    var isSet: Bool { flag.withLock { $0 } }
}
