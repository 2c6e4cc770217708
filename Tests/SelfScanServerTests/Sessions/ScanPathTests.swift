import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SelfScanAPI
import SelfScanCore
import SelfScanDemo
@testable import SelfScanServer
import SelfScanStorage
import Testing

/// The per-scan path of issue 16 over loopback HTTP: the view is encoded once (the answer carries the very
/// bytes the event stream publishes), and concurrent scans of one session, group-committed off the actor,
/// are all answered, stored without a gap and never interleaved.
@Suite("Scan path: one encoding, group commit, one session's scans in order")
struct ScanPathTests {
    @Test func theScanAnswerEmbedsTheBytesTheEventStreamPublishes() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config) { daemon, client in
            let opened = try await client.json(.post, "/v1/sessions")
            let token = try #require(opened.body["token"] as? String)
            let id = try #require((opened.body["session"] as? [String: Any])?["id"] as? String)
            let (events, _) = await daemon.events.subscription(.init(session: id))
            let body = ByteBuffer(bytes: Data(#"{"payload":"\#(try DemoCodes.ean(DemoCatalog.yogurt))"}"#.utf8))
            var headers = SessionTripTests.sessionHeaders(token)
            headers[.contentType] = "application/json"
            let answer = try await client.execute(
                uri: "/v1/sessions/\(id)/scans", method: .post, headers: headers, body: body
            ) { response in Data(buffer: response.body) }
            var published: Data?
            for await event in events where event.type == "basket" {
                published = event.data
                break
            }
            let sessionBytes = try #require(published)
            var expected = Data(#"{"action":"updateDisplay","session":"#.utf8)
            expected.append(sessionBytes)
            expected.append(UInt8(ascii: "}"))
            #expect(answer == expected, "\(String(decoding: answer, as: UTF8.self))")
            // And it is the JSON the route always answered: it decodes as a scan answer.
            let object = try #require(try JSONSerialization.jsonObject(with: answer) as? [String: Any])
            #expect(((object["session"] as? [String: Any])?["lines"] as? [Any])?.count == 1)
            // The shared bytes (written by hand) are JSONEncoder's for the same view, with a promotion applied.
            for _ in 0..<2 {
                _ = try await client.execute(uri: "/v1/sessions/\(id)/scans", method: .post, headers: headers, body: body) { _ in }
            }
            let view = try await #require(daemon.sessions).view(of: id)
            #expect(!view.totals.discounts.isEmpty, "three yogurts: the 3-for-2 applies")
            #expect(try view.protocolJSON() == (try ProtocolJSON.encoder().encode(view)))
            let read = try await client.execute(
                uri: "/v1/sessions/\(id)", method: .get, headers: SessionTripTests.sessionHeaders(token)
            ) { response in Data(buffer: response.body) }
            #expect(read == (try ProtocolJSON.encoder().encode(view)))
        }
    }

    /// Twenty sessions scanned at once, each over connections of its own (the test client's one keep-alive
    /// connection would answer them one at a time): every scan is answered once, in its session's order, and
    /// every answered scan is in the stored log.
    @Test func concurrentScansOnTwentySessionsAreAllDurableAndAcknowledgedOnce() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config) { daemon, client in
            let port = try #require(client.port)
            var sessions: [(id: String, token: String)] = []
            for _ in 0..<20 {
                let opened = try await client.json(.post, "/v1/sessions")
                sessions.append((
                    try #require((opened.body["session"] as? [String: Any])?["id"] as? String),
                    try #require(opened.body["token"] as? String)))
            }
            let products = [DemoCatalog.yogurt, DemoCatalog.milk, DemoCatalog.pasta, DemoCatalog.baguette]
            let payloads = try products.map { try DemoCodes.ean($0) }
            let scans = 6
            let answered = try await withThrowingTaskGroup(of: (String, [Int]).self) { group in
                for session in sessions {
                    group.addTask {
                        var quantities: [Int] = []
                        for index in 0..<scans {
                            let body = #"{"payload":"\#(payloads[index % payloads.count])"}"#
                            let answer = try await RawHTTP.send(
                                port: port,
                                "POST /v1/sessions/\(session.id)/scans HTTP/1.1\nHost: localhost:\(port)\n"
                                    + "X-Session-Token: \(session.token)\nContent-Type: application/json\n"
                                    + "Content-Length: \(body.utf8.count)\nConnection: close\n\n",
                                body: Array(body.utf8))
                            #expect(answer.status == 200, "\(answer.body)")
                            let object = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
                            let lines = (object?["session"] as? [String: Any])?["lines"] as? [[String: Any]] ?? []
                            quantities.append(lines.compactMap { $0["quantity"] as? Int }.reduce(0, +))
                        }
                        return (session.id, quantities)
                    }
                }
                var answered: [String: [Int]] = [:]
                for try await (id, quantities) in group { answered[id] = quantities }
                return answered
            }
            let store = BasketStore(database: try #require(daemon.database))
            for session in sessions {
                // Each answer shows its own scan, after the ones before it: acknowledged once, in order.
                #expect(answered[session.id] == Array(1...scans), "session \(session.id)")
                let sessionID = try #require(SessionID(uuidString: session.id))
                let log = try store.events(sessionID: sessionID)
                #expect(log.map(\.sequence) == Array(1...Int64(log.count)))
                let added = log.filter {
                    switch $0.payload {
                    case .lineAdded, .quantityChanged: true
                    default: false
                    }
                }
                #expect(added.count == scans, "every acknowledged scan is stored once")
                #expect(try store.session(id: sessionID)?.lastSequence == Int64(log.count))
            }
        }
    }

    @Test func concurrentScansOfOneSessionAreAllStoredInOrder() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config) { daemon, client in
            // Two sessions scanned at once: group commits mix them; each keeps its own order.
            var sessions: [(id: String, token: String)] = []
            for _ in 0..<2 {
                let opened = try await client.json(.post, "/v1/sessions")
                sessions.append((
                    try #require((opened.body["session"] as? [String: Any])?["id"] as? String),
                    try #require(opened.body["token"] as? String)))
            }
            let payload = try DemoCodes.ean(DemoCatalog.yogurt)
            let scans = 12
            try await withThrowingTaskGroup(of: Void.self) { group in
                for session in sessions {
                    for _ in 0..<scans {
                        group.addTask {
                            let answer = try await client.json(
                                .post, "/v1/sessions/\(session.id)/scans", body: ["payload": payload],
                                headers: SessionTripTests.sessionHeaders(session.token))
                            #expect(answer.status == .ok, "\(answer.body)")
                        }
                    }
                }
                try await group.waitForAll()
            }
            let store = BasketStore(database: try #require(daemon.database))
            for session in sessions {
                let sessionID = try #require(SessionID(uuidString: session.id))
                let log = try store.events(sessionID: sessionID)
                #expect(log.map(\.sequence) == Array(1...Int64(log.count)))
                let view = try await client.json(
                    .get, "/v1/sessions/\(session.id)", headers: SessionTripTests.sessionHeaders(session.token))
                let lines = try #require(view.body["lines"] as? [[String: Any]])
                let quantity = lines.compactMap { $0["quantity"] as? Int }.reduce(0, +)
                #expect(quantity == scans, "every acknowledged scan is in the basket once")
                #expect(try store.session(id: sessionID)?.lastSequence == Int64(log.count))
            }
        }
    }
}
