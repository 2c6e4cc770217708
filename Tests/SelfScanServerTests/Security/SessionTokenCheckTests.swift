import Foundation
import Testing
@testable import SelfScanServer

/// Issue 16 item 5: a session token is checked against the expected token kept in memory (no HMAC per scan).
/// The memory must answer exactly what the HMAC does: never a client's token, never another session's, and the
/// same after it is emptied.
@Suite("Session tokens: checked from memory, same answers as the HMAC")
struct SessionTokenCheckTests {
    let secret = Data((0..<32).map { UInt8($0) })

    func code(_ body: () throws(APIError) -> Void) -> String? {
        do throws(APIError) {
            try body()
            return nil
        } catch {
            return error.code
        }
    }

    @Test func ownTokenPassesOthersAreRefused() {
        let tokens = SessionTokens(secret: secret)
        let a = UUID().uuidString, b = UUID().uuidString
        let tokenA = tokens.token(for: a)
        #expect(code { () throws(APIError) in try tokens.check(tokenA, sessionID: a) } == nil)
        #expect(code { () throws(APIError) in try tokens.check(tokenA, sessionID: b) } == "wrongSessionToken")
        #expect(code { () throws(APIError) in try tokens.check(nil, sessionID: a) } == "missingSessionToken")
        #expect(code { () throws(APIError) in try tokens.check("", sessionID: a) } == "missingSessionToken")
        // A wrong token shown first is not remembered as the session's: the right one still passes after it.
        let fresh = UUID().uuidString
        #expect(code { () throws(APIError) in try tokens.check(tokenA, sessionID: fresh) } == "wrongSessionToken")
        #expect(code { () throws(APIError) in try tokens.check(tokens.token(for: fresh), sessionID: fresh) } == nil)
        // One character changed, a prefix, the token with something appended: refused.
        var altered = Array(tokenA)
        altered[5] = altered[5] == "A" ? "B" : "A"
        for wrong in [String(altered), String(tokenA.dropLast()), tokenA + "A", "ss_", "xx" + tokenA.dropFirst(2)] {
            #expect(code { () throws(APIError) in try tokens.check(wrong, sessionID: a) } == "wrongSessionToken")
        }
    }

    @Test func anotherDaemonsTokensAreRefused() {
        let ours = SessionTokens(secret: secret)
        let theirs = SessionTokens(secret: Data(repeating: 7, count: 32))
        let id = UUID().uuidString
        _ = ours.token(for: id)  // ours is remembered
        #expect(code { () throws(APIError) in try ours.check(theirs.token(for: id), sessionID: id) } == "wrongSessionToken")
    }

    @Test func answersStayTheSameWhenTheMemoryIsEmptied() {
        let tokens = SessionTokens(secret: secret)
        let reference = SessionTokens(secret: secret)
        let ids = (0..<12_000).map { _ in UUID().uuidString }  // beyond the memory's 10,000 entries
        let issued = ids.map { tokens.token(for: $0) }
        for (id, token) in zip(ids, issued) {
            #expect(token == reference.token(for: id))
            #expect(code { () throws(APIError) in try tokens.check(token, sessionID: id) } == nil)
        }
    }

    @Test func constantTimeComparisonIsEquality() {
        #expect(SessionTokens.constantTimeEqual("ss_abc", "ss_abc"))
        #expect(!SessionTokens.constantTimeEqual("ss_abc", "ss_abd"))
        #expect(!SessionTokens.constantTimeEqual("ss_abc", "ss_ab"))
        #expect(SessionTokens.constantTimeEqual("", ""))
    }
}
