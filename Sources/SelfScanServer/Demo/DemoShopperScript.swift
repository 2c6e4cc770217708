import Foundation
import Logging
public import SelfScanDemo
public import SelfScanCore
public import SelfScanDevices
public import ServiceLifecycle

/// `selfscan demo`'s simulated shopper: a scanner replaying the core's French hypermarket `DemoTrip` into the kiosk's
/// session through the same path a real scan gun takes (`ScannerPump`), then checkout, the staff steps
/// (age check, audit) done by a demo staff member, payment on the simulated terminal and the exit gate.
/// Each step is logged so a person can follow: product, price, running total.
public struct DemoShopperScript: Service {
    let daemon: Daemon
    let scanner: AsyncStream<ScannerEvent>.Continuation
    let pause: Duration

    public init(daemon: Daemon, scanner: AsyncStream<ScannerEvent>.Continuation, pause: Duration = .milliseconds(1200)) {
        self.daemon = daemon
        self.scanner = scanner
        self.pause = pause
    }

    /// The trip: the core's `DemoTrip` over the demo catalog (one list of scans for the whole system),
    /// as a scan gun sends them.
    public static func scans() -> [DemoScan] { DemoTrip.frenchHypermarket() }

    /// The simulated scanner's device id.
    static let scannerID = DeviceID("demo-scanner")

    public func run() async throws {
        guard let sessions = daemon.sessions else { return }
        let log = daemon.logger
        try await Task.sleep(for: .seconds(2))
        log.notice("demo trip: a shopper starts scanning (simulated scanner \(daemon.config.device))")
        let scans = Self.scans()
        for scan in scans {
            try await Task.sleep(for: pause)
            log.notice("demo trip: scanning \(scan.note)")
            scanner.yield(
                .data(ScanEvent(
                    deviceID: Self.scannerID, symbology: scan.symbology,
                    payload: Array(scan.text.utf8), timestamp: SystemClock().now())))
        }
        // Wait until the pump has handled every scan (bounded), then let staff and the shopper finish.
        for _ in 0..<1_500 where await daemon.devices.scanCount(of: Self.scannerID.rawValue) < scans.count {
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: pause * 2)
        do {
            try await finish(sessions, log: log)
        } catch {
            log.warning("demo trip stopped: \(APIError(mapping: error).message)")
        }
        log.notice("demo trip done; the daemon keeps running — open the kiosk page, Ctrl-C to stop")
        try? await gracefulShutdown()
    }

    private func finish(_ sessions: LiveSessions, log: Logger) async throws {
        guard let view = try await sessions.deviceSessionView() else { return }
        let id = view.id
        let staff = StaffLogin(
            token: "-", staffID: "DEMO-STAFF", name: "Demo staff", role: .supervisor, expiresAt: .max)
        if view.state == .approvalNeeded {
            try await Task.sleep(for: pause)
            log.notice("demo trip: staff check the shopper's age on the handheld and approve")
            _ = try await sessions.decideAgeApproval(session: id, approve: true, staff: staff)
        }
        let checkout = try await sessions.requestCheckout(session: id)
        log.notice(
            "demo trip: checkout, total \(checkout.totals.total); audit \(checkout.state == .auditRequired ? "required" : "not required") (risk \(checkout.audit?.probabilityBasisPoints ?? 0) bp)")
        if checkout.state == .auditRequired {
            try await Task.sleep(for: pause)
            _ = try await sessions.startAudit(session: id, staff: staff)
            for line in checkout.lines where !line.isVoided && line.kind != "deposit" {
                for _ in 0..<line.quantity { _ = try await sessions.auditRescan(session: id, payload: line.scannedCode) }
            }
            let audited = try await sessions.completeAudit(session: id, staff: staff)
            log.notice("demo trip: audit done, \(audited.audit?.passed == true ? "no difference" : "differences found")")
            if audited.state == .audited { _ = try await sessions.acknowledgeAudit(session: id) }
        }
        try await Task.sleep(for: pause)
        let paid = try await sessions.pay(session: id, paymentID: "demo-\(id)", amount: nil)
        log.notice(
            "demo trip: paid \(paid.payment?.amount.description ?? "nothing") by card \(paid.payment?.scheme ?? "") ****\(paid.payment?.last4 ?? "")")
        let pass = try await sessions.exitPass(session: id)
        let verified = try daemon.passes.verify(pass.code, kind: .exit, now: daemon.now())
        try await daemon.ledger?.consume(nonce: verified.nonce, now: daemon.now())
        await sessions.markExited(session: id)
        log.notice("demo trip: exit pass verified offline by the gate (signed Ed25519, key \(daemon.passes.keyring.signingKeyID ?? "?")) — goodbye!")
        let receipt = try await sessions.receipt(session: id)
        log.notice("demo trip: receipt\n\(receipt.text)")
    }
}
