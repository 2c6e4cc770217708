public import Foundation
public import SelfScanAPI
public import SelfScanDevices

/// What this daemon knows of the devices around it, for `GET /v1/devices`: its scanners (fed by the
/// `ScannerPump`: attached, detached, errors, scans) and the web pages that send heartbeats. In memory:
/// after a restart scanners re-attach and pages heartbeat again within seconds.
public actor DeviceRegistry {
    /// A page is offline after this many seconds without a heartbeat.
    public static let pageTimeoutSeconds: Int64 = 30
    /// At most this many pages are remembered; the least recently seen is dropped first.
    public static let maximumPages = 256

    struct Scanner {
        var name: String
        var online: Bool
        var lastSeenAt: Int64
        var lastScanAt: Int64?
        var fault: String?
        /// Scans handled from this scanner since the daemon started.
        var scans = 0
    }

    struct Page {
        var role: String
        var sessionID: String?
        var lastSeenAt: Int64
    }

    /// Unix seconds (the daemon's injected clock).
    private let now: @Sendable () -> Int64
    private var scanners: [String: Scanner] = [:]
    private var pages: [String: Page] = [:]
    /// Receipt printers, reported by the `ReceiptPrintService` (DeviceRegistry+Printers.swift).
    var printers: [String: PrinterRow] = [:]

    public init(now: @escaping @Sendable () -> Int64) { self.now = now }

    var currentTime: Int64 { now() }

    // MARK: Scanners

    /// Records a scanner event; returns the scanner's id when it was just unplugged (a `device` alert).
    @discardableResult
    public func record(_ event: ScannerEvent) -> String? {
        let time = now()
        switch event {
        case .attached(let description):
            let id = description.deviceID.rawValue
            let fault = description.claim == .failed ? "could not be claimed (permissions or busy)" : nil
            scanners[id] = Scanner(
                name: description.product ?? description.profileID ?? description.location,
                online: description.claim == .claimed, lastSeenAt: time, lastScanAt: scanners[id]?.lastScanAt,
                fault: fault)
        case .detached(let device):
            let id = device.rawValue
            scanners[id, default: Scanner(name: id, online: false, lastSeenAt: time)].online = false
            scanners[id]?.lastSeenAt = time
            scanners[id]?.fault = "unplugged"
            return id
        case .data(let scan):
            let id = scan.deviceID.rawValue
            scanners[id, default: Scanner(name: id, online: true, lastSeenAt: time)].online = true
            scanners[id]?.lastSeenAt = time
            scanners[id]?.lastScanAt = time
            scanners[id]?.fault = nil
            scanners[id]?.scans += 1
        case .error(let device, let error):
            let id = device.rawValue
            scanners[id, default: Scanner(name: id, online: true, lastSeenAt: time)].lastSeenAt = time
            scanners[id]?.fault = "\(error)"
        }
        return nil
    }

    // MARK: Pages

    /// A page's heartbeat: remembered (or refreshed), the least recently seen page dropped beyond the limit.
    func heartbeat(_ beat: PageHeartbeat) {
        pages[beat.deviceID] = Page(role: beat.role, sessionID: beat.sessionID, lastSeenAt: now())
        if pages.count > Self.maximumPages,
            let oldest = pages.min(by: { ($0.value.lastSeenAt, $0.key) < ($1.value.lastSeenAt, $1.key) })
        {
            pages[oldest.key] = nil
        }
    }

    // MARK: The list

    /// Scanners then pages, each sorted by id (the daemon itself is added by the route).
    func list(sessionID: String?) -> [DeviceStatus] {
        let time = now()
        let scannerRows = scanners.sorted { $0.key < $1.key }.map { id, scanner in
            DeviceStatus(
                id: id, kind: .scanner, role: nil, name: scanner.name, online: scanner.online,
                lastSeenAt: Self.date(scanner.lastSeenAt), lastScanAt: scanner.lastScanAt.map(Self.date),
                fault: scanner.fault, sessionID: scanner.online ? sessionID : nil)
        }
        let pageRows = pages.sorted { $0.key < $1.key }.map { id, page in
            DeviceStatus(
                id: id, kind: .page, role: page.role, name: id,
                online: time - page.lastSeenAt <= Self.pageTimeoutSeconds, lastSeenAt: Self.date(page.lastSeenAt),
                lastScanAt: nil, fault: nil, sessionID: page.sessionID)
        }
        return scannerRows + printerRows() + pageRows
    }

    /// How many scans of scanner `id` the daemon has handled (the demo's script waits on it).
    public func scanCount(of id: String) -> Int { scanners[id]?.scans ?? 0 }

    /// The most recent scan of any scanner.
    var lastScanAt: Int64? { scanners.values.compactMap(\.lastScanAt).max() }

    static func date(_ unixSeconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(unixSeconds)) }
}
