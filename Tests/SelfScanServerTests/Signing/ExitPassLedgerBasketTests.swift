import Foundation
import SelfScanServer
import Testing

/// Issue 15 #5: the gate's ledger binds a pass to its basket.
@Suite("Exit pass ledger: one exit per basket")
struct ExitPassLedgerBasketTests {
    @Test("a fresh pass of a basket that left is refused, also after a restart; older ledger lines still load")
    func freshPassOfAnExitedBasketIsRefused() async throws {
        let path = try makeTemporaryDirectory("ledger") + "/ledger"
        // A ledger line of an earlier build (no basket).
        try Data("old-nonce 990\n".utf8).write(to: URL(fileURLWithPath: path))
        let ledger = try ExitPassLedger(path: path, now: 1_000)
        await #expect(throws: SignedTokenError.replayed(usedAt: 990)) { try await ledger.consume(nonce: "old-nonce", session: "S-0", now: 1_000) }
        try await ledger.consume(nonce: "pass-1", session: "S-1", now: 1_000)
        await #expect(throws: SignedTokenError.basketAlreadyExited(usedAt: 1_000)) {
            try await ledger.consume(nonce: "pass-2", session: "S-1", now: 1_500)
        }
        let reopened = try ExitPassLedger(path: path, now: 86_400 * 10)
        await #expect(throws: SignedTokenError.basketAlreadyExited(usedAt: 1_000)) {
            try await reopened.consume(nonce: "pass-3", session: "S-1", now: 86_400 * 10)
        }
        try await reopened.consume(nonce: "pass-4", session: "S-2", now: 86_400 * 10)
        #expect(await reopened.exitedAt(session: "S-2") == 86_400 * 10)
    }
}
