import Foundation
import SelfScanAPI
import SelfScanStorage
import SelfScanSync

extension Daemon {
    /// Queues a gate exit for the referential (an `exited` ingest item keyed by the pass nonce) and wakes the
    /// sync engine. Without a database (no referential configured on a gate) the exit stays in the ledger only.
    func reportExit(_ pass: SignedPass, at now: Int64) async {
        guard let database else { return }
        do {
            let record = ExitRecord(
                sessionID: pass.session, passNonce: pass.nonce, exitedAt: Date(timeIntervalSince1970: TimeInterval(now)))
            try await Outbox(database: database).enqueueGroupCommitted([try OutboxMessage.exited(record)], now: Date())
            if let sync { Task { await sync.outboxChanged() } }
        } catch {
            // The gate already opened (the ledger holds the exit): the report is what is lost; say so loudly.
            logger.error("cannot queue the exit for the referential", metadata: ["session": "\(pass.session)", "error": "\(error)"])
        }
    }
}
