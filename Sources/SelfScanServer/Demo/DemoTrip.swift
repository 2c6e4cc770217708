import Foundation
import Logging
public import SelfScanCore
public import SelfScanDevices
public import ServiceLifecycle

/// `selfscan demo`'s simulated shopper: a scanner replaying a French hypermarket trip into the kiosk's
/// session through the same path a real scan gun takes (`ScannerPump`), then checkout, the staff steps
/// (age check, audit) done by a demo staff member, payment on the simulated terminal and the exit gate.
/// Each step is logged so a person can follow: product, price, running total.
public struct DemoTrip: Service {
    let daemon: Daemon
    let scanner: AsyncStream<ScannerEvent>.Continuation
    let pause: Duration

    public init(daemon: Daemon, scanner: AsyncStream<ScannerEvent>.Continuation, pause: Duration = .milliseconds(1200)) {
        self.daemon = daemon
        self.scanner = scanner
        self.pause = pause
    }

    /// The trip: payloads as a scan gun sends them.
    public static func payloads() -> [(String, String)] {
        func ean(_ product: ProductID) -> String { DemoCatalog.gtin(of: product)?.printedForm ?? "" }
        func label(_ prefix: String, _ product: ProductID, _ value: Int) -> String {
            let reference = DemoCatalog.itemReference(of: product) ?? "00000"
            let text = String(value)
            let body = prefix + reference + String(repeating: "0", count: max(0, 5 - text.count)) + text
            return body + String(GTIN.checkDigit(of: body.map { Int(String($0)) ?? 0 }))
        }
        return [
            ("loyalty card (Marie)", DemoCatalog.marieCard),
            ("tomatoes, weighed 1.234 kg", label("21", DemoCatalog.tomatoes, 1234)),
            ("bananas, weighed 0.980 kg", label("21", DemoCatalog.bananas, 980)),
            ("Comté, price label 8.12 €", label("23", DemoCatalog.comte, 812)),
            ("yogurts", ean(DemoCatalog.yogurt)), ("yogurts", ean(DemoCatalog.yogurt)),
            ("yogurts (3 pour 2)", ean(DemoCatalog.yogurt)),
            ("sparkling water (deposit bottle)", ean(DemoCatalog.sparklingWater)),
            ("coffee (loyalty price)", ean(DemoCatalog.coffee)),
            ("detergent (−25 %)", ean(DemoCatalog.detergent)),
            ("shampoo", ean(DemoCatalog.shampoo)), ("shampoo (2nd at −60 %)", ean(DemoCatalog.shampoo)),
            ("dark chocolate (personal offer)", ean(DemoCatalog.darkChocolate)),
            ("baguette", ean(DemoCatalog.baguette)),
            ("recalled ground beef (refused)", ean(DemoCatalog.groundBeef)),
            ("red wine (18+)", ean(DemoCatalog.redWine)),
        ]
    }

    public func run() async throws {
        guard let sessions = daemon.sessions else { return }
        let log = daemon.logger
        try await Task.sleep(for: .seconds(2))
        log.notice("demo trip: a shopper starts scanning (simulated scanner \(daemon.config.device))")
        for (what, payload) in Self.payloads() {
            try await Task.sleep(for: pause)
            log.notice("demo trip: scanning \(what)")
            scanner.yield(
                .data(ScanEvent(
                    deviceID: DeviceID("demo-scanner"), symbology: payload.hasPrefix("selfscan:") ? .qr : .ean13,
                    payload: Array(payload.utf8), timestampNanos: Int64(Date().timeIntervalSince1970 * 1e9))))
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
        if view.state == "approvalNeeded" {
            try await Task.sleep(for: pause)
            log.notice("demo trip: staff check the shopper's age on the handheld and approve")
            _ = try await sessions.decideAgeApproval(session: id, approve: true, staff: staff)
        }
        let checkout = try await sessions.requestCheckout(session: id)
        log.notice(
            "demo trip: checkout, total \(checkout.totals.total); audit \(checkout.state == "auditRequired" ? "required" : "not required") (risk \(checkout.audit?.probabilityBasisPoints ?? 0) bp)")
        if checkout.state == "auditRequired" {
            try await Task.sleep(for: pause)
            _ = try await sessions.startAudit(session: id, staff: staff)
            for line in checkout.lines where !line.isVoided && line.kind != "deposit" {
                for _ in 0..<line.quantity { _ = try await sessions.auditRescan(session: id, payload: line.scannedCode) }
            }
            let audited = try await sessions.completeAudit(session: id, staff: staff)
            log.notice("demo trip: audit done, \(audited.audit?.passed == true ? "no difference" : "differences found")")
            if audited.state == "audited" { _ = try await sessions.acknowledgeAudit(session: id) }
        }
        try await Task.sleep(for: pause)
        let paid = try await sessions.pay(session: id, paymentID: "demo-\(id)", amount: nil)
        log.notice(
            "demo trip: paid \(paid.payment.amount) by card \(paid.payment.scheme ?? "") ****\(paid.payment.last4 ?? "")")
        let pass = try await sessions.exitPass(session: id)
        let verified = try daemon.passes.verify(pass.code, kind: .exit, now: daemon.now())
        try await daemon.ledger?.consume(nonce: verified.nonce, now: daemon.now())
        await sessions.markExited(session: id)
        log.notice("demo trip: exit pass verified offline by the gate (signed Ed25519, key \(daemon.passes.keyring.signingKeyID ?? "?")) — goodbye!")
        let receipt = try await sessions.receipt(session: id)
        log.notice("demo trip: receipt\n\(receipt.text)")
    }
}
