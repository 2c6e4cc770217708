import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanServer
import Testing

/// Issue 15 item 10: key ids were `<store>-<second>`, so two devices (or two rotations) in one second shared
/// an id; a gate trusting both kept one key, and a second rotation overwrote the first key file.
@Suite("Signing key ids")
struct SigningKeyIDTests {
    private let sameSecond = Date(timeIntervalSince1970: 1_790_000_000)

    private func pass(_ nonce: String) -> SignedPass {
        SignedPass(
            kind: .exit, store: "FR-1", session: "S-\(nonce)", total: Money(minor: 100, currency: .eur),
            issuedAt: 1_000, expiresAt: 2_000, nonce: nonce)
    }

    @Test func twoDevicesCreatingKeysInTheSameSecondGetDistinctIDsAndAGateTrustsBoth() throws {
        let kioskA = try SigningKeyring.load(
            directory: try makeTemporaryDirectory("keys-a"), trusted: [], store: "FR-1", createIfEmpty: true,
            now: sameSecond)
        let kioskB = try SigningKeyring.load(
            directory: try makeTemporaryDirectory("keys-b"), trusted: [], store: "FR-1", createIfEmpty: true,
            now: sameSecond)
        let idA = try #require(kioskA.signingKeyID)
        let idB = try #require(kioskB.signingKeyID)
        #expect(idA != idB)
        #expect(idA.hasPrefix("FR-1-") && idA.count == "FR-1-yyyyMMddHHmmss-".count + 24)
        let trusted = (kioskA.publicKeys + kioskB.publicKeys).map {
            DaemonConfig.TrustedKey(keyID: $0.keyID, publicKey: $0.publicKey)
        }
        let gate = PassCodec(
            keyring: try SigningKeyring.load(
                directory: try makeTemporaryDirectory("gate"), trusted: trusted, store: "FR-1", createIfEmpty: false),
            store: "FR-1")
        #expect(gate.keyring.publicKeys.count == 2)
        let fromA = try PassCodec(keyring: kioskA, store: "FR-1").issue(pass("a"))
        let fromB = try PassCodec(keyring: kioskB, store: "FR-1").issue(pass("b"))
        #expect(try gate.verify(fromA, kind: .exit, now: 1_500).nonce == "a")
        #expect(try gate.verify(fromB, kind: .exit, now: 1_500).nonce == "b")
    }

    @Test func twoRotationsInOneSecondKeepBothKeys() throws {
        let dir = try makeTemporaryDirectory("keys")
        let first = try SigningKeyring.rotate(in: dir, store: "FR-1", now: sameSecond)
        let second = try SigningKeyring.rotate(in: dir, store: "FR-1", now: sameSecond)
        #expect(first.keyID != second.keyID)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".ed25519") }
        #expect(files.count == 2)
        let keyring = try SigningKeyring.load(directory: dir, trusted: [], store: "FR-1", createIfEmpty: false)
        #expect(Set(keyring.publicKeys.map(\.publicKey)) == [first.publicKey, second.publicKey])
    }

    @Test func duplicateTrustEntriesAreRefused() throws {
        let a = try SigningKeyring.rotate(in: try makeTemporaryDirectory("a"), store: "FR-1", now: sameSecond)
        let b = try SigningKeyring.rotate(in: try makeTemporaryDirectory("b"), store: "FR-1", now: sameSecond)
        // The same id with two different public keys: a typed refusal, never "the last one wins".
        #expect(throws: SignedTokenError.duplicateKeyID(a.keyID)) {
            try SigningKeyring.load(
                directory: try makeTemporaryDirectory("gate"),
                trusted: [.init(keyID: a.keyID, publicKey: a.publicKey), .init(keyID: a.keyID, publicKey: b.publicKey)],
                store: "FR-1", createIfEmpty: false)
        }
        // A trusted entry that reuses the id of one of the device's own keys with another key.
        let own = try makeTemporaryDirectory("own")
        let ownKey = try SigningKeyring.rotate(in: own, store: "FR-1", now: sameSecond)
        #expect(throws: SignedTokenError.duplicateKeyID(ownKey.keyID)) {
            try SigningKeyring.load(
                directory: own, trusted: [.init(keyID: ownKey.keyID, publicKey: b.publicKey)], store: "FR-1",
                createIfEmpty: false)
        }
        // The config file refuses a key id listed twice, naming the key path.
        let json = """
            {"store": "fr-1", "device": "gate-1", "role": "gate", "dataDir": "/tmp/x",
             "signing": {"trustedKeys": [{"keyID": "\(a.keyID)", "publicKey": "\(a.publicKey)"},
                                         {"keyID": "\(a.keyID)", "publicKey": "\(b.publicKey)"}]}}
            """
        do {
            _ = try DaemonConfig.parse(json: Data(json.utf8))
            Issue.record("a duplicate trusted key id was accepted")
        } catch {
            #expect(error.path == "signing.trustedKeys[1].keyID")
        }
    }
}
