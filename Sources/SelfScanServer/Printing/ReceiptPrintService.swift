import Foundation
import Logging
import SelfScanAPI
public import SelfScanDevices
import SelfScanStorage
public import ServiceLifecycle
import Synchronization

/// What the print service did, for tests and logs.
public enum PrintServiceEvent: Sendable, Hashable {
    /// The printer was asked for its state: `nil` status when it could not be reached (`fault` says why).
    case status(PrinterStatus?, fault: String?)
    /// A receipt went out whole and the printer then reported no fault: the job is marked printed.
    case printed(sessionID: String, bytes: [UInt8], attempts: Int)
    /// An attempt failed (paper out mid-receipt, cover open, unplugged): the job stays queued, printed again
    /// in full when the printer can print.
    case failed(sessionID: String, reason: String, bytes: [UInt8])
}

/// Prints paid baskets' receipts from the durable print queue (`PrintQueue`), oldest first, one at a time.
/// Each turn asks the printer for its real-time status (paper out and cover open become the printer's device
/// fault on `GET /v1/devices`, the console and `selfscan devices`, and a `device` staff alert); when it can print, sends the whole receipt,
/// asks again, and marks the job printed only when every byte was taken and the status is still clear.
/// Otherwise the job stays pending and is sent again in full on a later turn: a receipt is never lost, and
/// after a paper-out it comes out complete (the top of the interrupted one may print twice; see README).
public struct ReceiptPrintService: Service {
    let queue: PrintQueue
    let printer: any ReceiptPrinterPort
    let devices: DeviceRegistry
    let events: EventHub
    let sessions: LiveSessions?
    let logger: Logger
    let pollInterval: Duration
    let nowMillis: @Sendable () -> Int64
    /// A signed e-receipt token for a receipt, as a QR payload (`nil` when it cannot be signed).
    let receiptLink: @Sendable (Receipt) -> String?
    /// The store's time zone (config `timeZone`): the printed date and time.
    let timeZone: TimeZone
    let observer: @Sendable (PrintServiceEvent) -> Void
    let onStop: @Sendable () -> Void
    private let lastFault = LastFault()
    /// Printed jobs are kept a week (for "was it printed?" questions), then pruned at start.
    static let keepPrintedMillis: Int64 = 7 * 86_400_000

    private final class LastFault: Sendable {
        let value = Mutex<String??>(nil)  // nil: nothing reported yet
    }

    /// - Parameters:
    ///   - pollInterval: how often the printer is asked for its status while idle or faulty.
    ///   - observer: told each status, print and failure (tests wait on it).
    ///   - onStop: called at shutdown (releases the USB printer).
    public init(
        daemon: Daemon, printer: any ReceiptPrinterPort, pollInterval: Duration = .seconds(1),
        observer: @escaping @Sendable (PrintServiceEvent) -> Void = { _ in }, onStop: @escaping @Sendable () -> Void = {}
    ) throws {
        guard let database = daemon.database else { throw ConfigError(.badValue, path: "printer", "printing needs the daemon's database") }
        queue = PrintQueue(database: database)
        self.printer = printer
        devices = daemon.devices
        events = daemon.events
        sessions = daemon.sessions
        logger = daemon.logger
        self.pollInterval = pollInterval
        let now = daemon.now
        nowMillis = { now() * 1000 }
        let passes = daemon.passes
        let store = daemon.config.store
        timeZone = daemon.config.storeTimeZone
        receiptLink = { receipt in
            let issuedAt = now()
            let token = try? passes.issue(
                SignedPass(
                    kind: .receipt, store: store, session: receipt.session, total: receipt.total, issuedAt: issuedAt,
                    expiresAt: issuedAt + 48 * 3600, nonce: PassCodec.newNonce()))
            return token.map { SignedPass.qrPayload(kind: .receipt, token: $0) }
        }
        self.observer = observer
        self.onStop = onStop
    }

    public func run() async throws {
        try await queue.setEnabled(true)
        try await queue.deletePrinted(before: nowMillis() - Self.keepPrintedMillis)
        defer { onStop() }
        while !Task.isCancelled {
            let printed = await turn()
            if printed { continue }  // the next receipt at once
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: pollInterval) }
            } catch {
                return
            }
            if Task.isCancelled || Task.isShuttingDownGracefully { return }
        }
    }

    /// One turn: status, then at most one receipt. Returns whether a receipt was printed.
    func turn() async -> Bool {
        let description = await printer.describe()
        let status: PrinterStatus
        do {
            status = try await printer.status()
        } catch {
            await report(description, status: nil, fault: error.fault)
            return false
        }
        await report(description, status: status, fault: status.fault)
        guard status.canPrint else { return false }
        let job: PrintJob
        do {
            guard let next = try queue.nextPending() else { return false }
            job = next
        } catch {
            logger.error("reading the print queue failed", metadata: ["error": "\(error)"])
            return false
        }
        let bytes: [UInt8]
        do {
            bytes = try await document(for: job, columns: description?.charactersPerLine ?? 48).bytes
        } catch {
            // Only a bug writes an undecodable receipt: keep it out of the way of the others, loudly.
            logger.critical("a queued receipt cannot be decoded: skipped", metadata: ["session": "\(job.sessionID)", "error": "\(error)"])
            try? await queue.markPrinted(id: job.id, at: nowMillis())
            try? await queue.recordFailure(id: job.id, error: "undecodable receipt, not printed: \(error)")
            return false
        }
        do {
            try await queue.startAttempt(id: job.id)
        } catch {
            logger.error("the print queue could not be updated", metadata: ["session": "\(job.sessionID)", "error": "\(error)"])
            return false
        }
        switch await PrintAttempt.send(bytes, to: printer) {
        case .interrupted(let after, let fault):
            await failed(job, reason: fault, bytes: bytes, description: description, status: after)
            return false
        case .printed(let after):
            do {
                try await queue.markPrinted(id: job.id, at: nowMillis())
            } catch {
                // Printed but not marked: it will print again (a duplicate beats a lost receipt).
                logger.error("a printed receipt could not be marked printed", metadata: ["session": "\(job.sessionID)", "error": "\(error)"])
                return false
            }
            logger.info("receipt printed", metadata: ["session": "\(job.sessionID)", "attempt": "\(job.attempts + 1)"])
            observer(.printed(sessionID: job.sessionID, bytes: bytes, attempts: job.attempts + 1))
            await report(description, status: after, fault: nil)
            return true
        }
    }

    private func failed(
        _ job: PrintJob, reason: String, bytes: [UInt8], description: PrinterDescription?, status: PrinterStatus?
    ) async {
        logger.warning("receipt not printed: kept to print again", metadata: ["session": "\(job.sessionID)", "reason": "\(reason)"])
        try? await queue.recordFailure(id: job.id, error: reason)
        observer(.failed(sessionID: job.sessionID, reason: reason, bytes: bytes))
        await report(description, status: status, fault: reason)
    }

    /// The receipt's ESC/POS bytes, with the basket's exit pass as a QR code while it can still be used (the
    /// basket has not left the store yet), else a signed e-receipt link (`selfscan:receipt:<token>`, 48 h).
    ///
    /// The receipt is the queued copy, written in the paying transaction (it lists the payment that completed
    /// the basket), so a reprint is byte for byte the first print: a receipt rebuilt at print time carried the
    /// time of printing, and a reprint across a minute differed (the parallel suite caught it). The session's
    /// receipt as it stands now only when the queued copy cannot be read.
    func document(for job: PrintJob, columns: Int) async throws -> EscPosDocument {
        var receipt = try? ProtocolJSON.decoder().decode(Receipt.self, from: Data(job.receiptJSON.utf8))
        if receipt == nil { receipt = try await sessions?.receipt(session: job.sessionID) }
        guard let receipt else { throw PrintQueueReadError.unreadableReceipt }
        if let pass = try? await sessions?.exitPass(session: job.sessionID).code {
            return receipt.escPosDocument(columns: columns, qr: pass, qrCaption: "Pass de sortie", timeZone: timeZone)
        }
        let link = receiptLink(receipt)
        return receipt.escPosDocument(columns: columns, qr: link, qrCaption: "Ticket en ligne (48 h)", timeZone: timeZone)
    }

    /// Updates the printer's row in the device registry; a change of fault is logged and published.
    private func report(_ description: PrinterDescription?, status: PrinterStatus?, fault: String?) async {
        let pending = (try? queue.pendingCount()) ?? 0
        await devices.recordPrinter(
            id: description?.deviceID ?? "printer", name: description.map { "\($0.name) (\($0.paperWidthMillimetres) mm)" } ?? "receipt printer",
            online: status != nil, fault: fault, state: status?.summary ?? "offline", pendingReceipts: pending)
        let changed = lastFault.value.withLock { last -> Bool in
            defer { last = .some(fault) }
            return last != .some(fault)
        }
        if changed {
            let printer = description?.deviceID ?? "printer"
            if let fault {
                logger.warning("receipt printer fault", metadata: ["fault": "\(fault)", "pending": "\(pending)"])
                await sessions?.raisePrinterAlert(printer: printer, fault: fault)
            } else {
                logger.info("receipt printer ready", metadata: ["pending": "\(pending)"])
                await sessions?.resolvePrinterAlert()
            }
            await events.publish(
                type: "device", session: nil,
                encoding: ["event": fault == nil ? "printerReady" : "printerFault", "printer": printer, "fault": fault ?? ""])
        }
        observer(.status(status, fault: fault))
    }
}

/// A queued receipt that cannot be decoded and whose session cannot be read any more.
enum PrintQueueReadError: Error { case unreadableReceipt }
