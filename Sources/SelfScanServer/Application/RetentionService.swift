import Foundation
import Logging
import ServiceLifecycle
import SelfScanCore
import SelfScanStorage

/// Prunes closed, acknowledged sessions and old audit entries at start and then every hour
/// (`RetentionPruner`; docs/privacy.md). A failed pass is logged and retried at the next one.
struct RetentionService: Service {
    let pruner: RetentionPruner
    let logger: Logger
    var interval: Duration = .seconds(3600)

    func run() async throws {
        while !Task.isCancelled {
            do {
                let report = try await prunedOnItsOwnThread()
                if report.sessions + report.auditEntries > 0 {
                    logger.info(
                        "retention pruned",
                        metadata: ["sessions": "\(report.sessions)", "events": "\(report.events)",
                                   "payments": "\(report.payments)", "auditEntries": "\(report.auditEntries)"])
                }
            } catch {
                logger.warning("retention pass failed", metadata: ["error": "\(error)"])
            }
            do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) } } catch { return }
        }
    }

    /// One pass on a thread of its own: a large deletion, fsynced, and a WAL checkpoint must not hold one of
    /// a kiosk's two cooperative threads.
    private func prunedOnItsOwnThread() async throws -> RetentionReport {
        let pruner = pruner
        return try await DedicatedThread.run(name: "selfscan-retain") { try pruner.prune() }
    }
}
