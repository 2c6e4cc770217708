import Foundation
import GRDB
import SelfScanAPI
import SelfScanCore
import Testing
@testable import SelfScanStorage

/// Group commit of basket appends (issue 16): concurrent sessions' appends share transactions, every one is
/// durable when it returns, and one bad append fails alone.
@Suite("Basket appends group-committed")
struct GroupCommitTests {
    func scanning(_ lines: Int, total: Int64) -> SessionStateUpdate {
        SessionStateUpdate(state: "scanning", total: Money(minor: total, currency: .eur), lineCount: lines)
    }

    @Test func concurrentSessionsAreAllStoredInOrderAndOneBadAppendFailsAlone() async throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let database = try StorageFixtures.openDatabase(in: directory)
        let store = BasketStore(database: database)
        let sessions = 40
        let scansPerSession = 5
        var scripts: [SessionScript] = []
        for _ in 0..<sessions {
            var script = SessionScript()
            try store.append([script.opened()], state: .init(state: "open", total: nil, lineCount: 0))
            scripts.append(script)
        }
        // One extra session whose append has a gap: refused, whatever batch it lands in.
        var broken = SessionScript()
        try store.append([broken.opened()], state: .init(state: "open", total: nil, lineCount: 0))
        _ = broken.scanned()
        let gap = broken.scanned()
        let brokenID = broken.sessionID
        let sessionScripts = scripts

        let expected = try await withThrowingTaskGroup(of: (SessionID, [BasketEvent]).self) { group in
            for script in sessionScripts {
                group.addTask {
                    var script = script
                    var written: [BasketEvent] = []
                    for index in 1...scansPerSession {
                        let scan = script.scanned(price: Int64(100 + index))
                        let result = try await store.appendGroupCommitted([scan], state: scanning(index, total: 100))
                        #expect(result == .stored(lastSequence: Int64(index + 1)))
                        written.append(scan)
                    }
                    return (script.sessionID, written)
                }
            }
            group.addTask {
                await #expect(throws: StorageError.self) {
                    try await store.appendGroupCommitted([gap], state: scanning(1, total: 100))
                }
                return (brokenID, [])
            }
            var expected: [SessionID: [BasketEvent]] = [:]
            for try await (id, events) in group { expected[id] = events }
            return expected
        }
        // Read back through a fresh connection: what was acknowledged is in the file.
        let reopened = BasketStore(database: try StorageFixtures.openDatabase(in: directory))
        for script in scripts {
            let stored = try reopened.events(sessionID: script.sessionID).dropFirst()
            #expect(Array(stored) == expected[script.sessionID])
        }
        #expect(try reopened.events(sessionID: brokenID).count == 1)
    }
}
