import Foundation
import SelfScanDevices
import SelfScanServer
import SelfScanStorage
import Testing

/// The paper runs out at the very end of a receipt: every byte was taken and the real-time status asked at
/// once still says "ready" (the end is still printing from the printer's buffer). The receipt used to be
/// marked printed, cut short; it is now judged on the status once the document has printed, kept, and
/// reprinted whole when the paper is back.
@Suite("Receipt printing: paper out at the end of the document")
struct PaperOutAtEndTests {
    @Test("a receipt cut short at its end is reprinted whole when the paper is back", .timeLimit(.minutes(2)))
    func paperOutAtTheEnd() async throws {
        try await withLiveDaemon(ReceiptPrintServiceTests.config(try makeTemporaryDirectory())) { daemon, client in
            let printer = ScriptedPrinter(runsOutAtEndOfNextDocument: true)
            let queue = PrintQueue(database: try #require(daemon.database))
            try await withPrintService(daemon, printer: printer) { events in
                let session = try await payDemoBasket(client)
                let first = await events.next(matching: {
                    switch $0 {
                    case .failed, .printed: true
                    default: false
                    }
                })
                guard case .failed(let failedSession, let reason, _)? = first else {
                    Issue.record("the receipt cut short was not seen: \(String(describing: first))")
                    return
                }
                #expect(failedSession == session && reason == "paper out")
                let pending = try #require(try queue.job(sessionID: session))
                #expect(pending.state == .pending && pending.attempts == 1)

                printer.loadPaper()
                let printed = await events.next(matching: { if case .printed = $0 { true } else { false } })
                guard case .printed(let printedSession, let bytes, let attempts)? = printed else {
                    Issue.record("not printed: \(String(describing: printed))")
                    return
                }
                #expect(printedSession == session && attempts == 2)
                #expect(printer.sent.count == 2 && printer.sent.last == bytes)
                #expect(try paperText(bytes).last == "--- cut ---")
                #expect(try #require(try queue.job(sessionID: session)).state == .printed)
            }
        }
    }
}
