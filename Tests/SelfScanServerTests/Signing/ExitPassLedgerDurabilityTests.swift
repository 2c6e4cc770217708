import Foundation
import SelfScanServer
import Testing

/// The gate's ledger writes off the cooperative pool (`ExitPassLedgerFile`) and still opens the gate only once
/// the pass is on disk, and once per pass and basket however many uses arrive together.
@Suite("Exit pass ledger: durable before the gate opens")
struct ExitPassLedgerDurabilityTests {
    @Test("when consume returns, the pass's line is in the file (what a restart after kill -9 reads)")
    func passIsOnDiskWhenTheGateOpens() async throws {
        let path = try makeTemporaryDirectory("ledger") + "/ledger"
        let ledger = try ExitPassLedger(path: path, now: 1_000)
        try await ledger.consume(nonce: "pass-1", session: "S-1", now: 1_000)
        try await ledger.consume(nonce: "pass-2", now: 1_001)
        // Read the bytes, not the actor: a write skipped or still queued fails here.
        let text = String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self)
        #expect(text == "pass-1 1000 S-1\npass-2 1001\n")
        let reopened = try ExitPassLedger(path: path, now: 1_002)
        await #expect(throws: SignedTokenError.replayed(usedAt: 1_000)) {
            try await reopened.consume(nonce: "pass-1", session: "S-1", now: 1_002)
        }
        await #expect(throws: SignedTokenError.basketAlreadyExited(usedAt: 1_000)) {
            try await reopened.consume(nonce: "pass-3", session: "S-1", now: 1_002)
        }
    }

    @Test("uses of one pass, or of passes of one basket, arriving together open the gate once")
    func concurrentUsesOpenTheGateOnce() async throws {
        let path = try makeTemporaryDirectory("ledger") + "/ledger"
        let ledger = try ExitPassLedger(path: path, now: 1_000)
        let samePass = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask { (try? await ledger.consume(nonce: "pass-1", session: "S-1", now: 1_000)) != nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(samePass == 1)
        let sameBasket = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<8 {
                group.addTask { (try? await ledger.consume(nonce: "pass-b\(index)", session: "S-2", now: 1_001)) != nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(sameBasket == 1)
        let lines = String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self)
            .split(separator: "\n")
        #expect(lines.count == 2)
    }
}
