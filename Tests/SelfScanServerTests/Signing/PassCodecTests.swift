import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanServer
import Testing

@Suite("Signed passes")
struct PassCodecTests {
    private func pass(kind: SignedPass.Kind = .exit, store: String = "FR-1", expiresAt: Int64 = 2_000) -> SignedPass {
        SignedPass(
            kind: kind, store: store, session: "S-1", total: Money(minor: 4_217, currency: .eur), issuedAt: 1_000,
            expiresAt: expiresAt, nonce: "n-\(UUID().uuidString)")
    }

    private func codec(_ dir: String, trusted: [DaemonConfig.TrustedKey] = []) throws -> PassCodec {
        PassCodec(
            keyring: try SigningKeyring.load(directory: dir, trusted: trusted, store: "FR-1", createIfEmpty: true),
            store: "FR-1")
    }

    @Test func issuedPassVerifiesWithItsQRPrefix() throws {
        let codec = try codec(try makeTemporaryDirectory("keys"))
        let original = pass()
        let token = try codec.issue(original)
        #expect(try codec.verify(token, kind: .exit, now: 1_500) == original)
        #expect(try codec.verify(SignedPass.qrPayload(kind: .exit, token: token), kind: .exit, now: 1_500) == original)
    }

    @Test func keysPersistAcrossLoads() throws {
        let dir = try makeTemporaryDirectory("keys")
        let token = try codec(dir).issue(pass())
        #expect(try codec(dir).verify(token, kind: .exit, now: 1_500).session == "S-1")
    }

    @Test func alteredPayloadIsForged() throws {
        let codec = try codec(try makeTemporaryDirectory("keys"))
        let token = try codec.issue(pass())
        let parts = token.split(separator: ".").map(String.init)
        var cheaper = pass()
        cheaper = SignedPass(
            kind: .exit, store: "FR-1", session: "S-1", total: Money(minor: 1, currency: .eur), issuedAt: 1_000,
            expiresAt: 2_000, nonce: cheaper.nonce)
        let otherToken = try codec.issue(cheaper).split(separator: ".").map(String.init)
        let forged = [parts[0], otherToken[1], parts[2]].joined(separator: ".")
        #expect(throws: SignedTokenError.badSignature) { try codec.verify(forged, kind: .exit, now: 1_500) }
    }

    @Test func passFromAnotherKeyIsRefused() throws {
        let mine = try codec(try makeTemporaryDirectory("keys"))
        let theirs = try codec(try makeTemporaryDirectory("keys2"))
        let token = try theirs.issue(pass())
        #expect(throws: SignedTokenError.self) { try mine.verify(token, kind: .exit, now: 1_500) }
    }

    @Test func expiredWrongKindWrongStoreAndGarbageAreRefused() throws {
        let codec = try codec(try makeTemporaryDirectory("keys"))
        let token = try codec.issue(pass())
        #expect(throws: SignedTokenError.expired(expiredAt: 2_000)) { try codec.verify(token, kind: .exit, now: 2_000) }
        #expect(throws: SignedTokenError.wrongKind(expected: .handoff, found: .exit)) {
            try codec.verify(token, kind: .handoff, now: 1_500)
        }
        let otherStore = try codec.issue(pass(store: "FR-2"))
        #expect(throws: SignedTokenError.wrongStore("FR-2")) { try codec.verify(otherStore, kind: .exit, now: 1_500) }
        for garbage in ["", "abc", "a.b.c", "selfscan:exit:", "k.!!!.sig"] {
            #expect(throws: SignedTokenError.self) { try codec.verify(garbage, kind: .exit, now: 1_500) }
        }
    }

    @Test func rotationKeepsOldKeysTrustedAndSignsWithTheNewest() throws {
        let dir = try makeTemporaryDirectory("keys")
        let before = try codec(dir)
        let oldToken = try before.issue(pass())
        let rotated = try SigningKeyring.rotate(in: dir, store: "FR-1", now: Date(timeIntervalSinceNow: 3600))
        let after = try codec(dir)
        #expect(after.keyring.signingKeyID == rotated.keyID)
        #expect(after.keyring.publicKeys.count == 2)
        #expect(try after.verify(oldToken, kind: .exit, now: 1_500).session == "S-1")
        #expect(try after.issue(pass()).hasPrefix(rotated.keyID + "."))
    }

    @Test func gateVerifiesWithPublicKeysOnly() throws {
        let store = try codec(try makeTemporaryDirectory("keys"))
        let trusted = store.keyring.publicKeys.map { DaemonConfig.TrustedKey(keyID: $0.keyID, publicKey: $0.publicKey) }
        let gate = PassCodec(
            keyring: try SigningKeyring.load(
                directory: try makeTemporaryDirectory("gate"), trusted: trusted, store: "FR-1", createIfEmpty: false),
            store: "FR-1")
        #expect(gate.keyring.signingKeyID == nil)
        #expect(try gate.verify(try store.issue(pass()), kind: .exit, now: 1_500).total.minor == 4_217)
        #expect(throws: SignedTokenError.self) { try gate.issue(pass()) }
    }

    @Test func ledgerRefusesReplayEvenAfterRestart() async throws {
        let path = try makeTemporaryDirectory("ledger") + "/ledger"
        let ledger = try ExitPassLedger(path: path, now: 1_000)
        try await ledger.consume(nonce: "abc", now: 1_000)
        await #expect(throws: SignedTokenError.replayed(usedAt: 1_000)) { try await ledger.consume(nonce: "abc", now: 1_001) }
        let reopened = try ExitPassLedger(path: path, now: 1_002)
        await #expect(throws: SignedTokenError.replayed(usedAt: 1_000)) { try await reopened.consume(nonce: "abc", now: 1_003) }
        try await reopened.consume(nonce: "def", now: 1_003)
    }
}
