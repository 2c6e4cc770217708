import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SelfScanCore
import SelfScanDemo
import SelfScanDevices
import Testing
@testable import SelfScanServer

/// Issue 19's load rule as a functional check: "20 phones streaming 10 frames/s do not delay scanner scans".
/// Not a timing test: the camera decode thread is *held* (every camera lane saturated: one frame in zbar,
/// one waiting per phone, newer frames replacing waiting ones), and while it is held a scanner scan and a
/// kiosk's HTTP scan must be answered. If scans ever queued behind camera frames (a shared actor hop, the
/// event loop, a shared decode queue), they could not complete before the gate opens and the test fails
/// (bounded by the HTTP client's timeout) instead of hanging.
@Suite struct CameraLoadIndependenceTests {
    static let phones = 20

    @Test func scannerAndKioskScansAreAnsweredWhileEveryCameraLaneIsSaturated() async throws {
        var config = CameraRoutesTests.storeConfig(try makeTemporaryDirectory())
        config.listen.port = 0
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let daemon = try await Daemon.open(config: config, logger: logger)
        let sessions = try #require(daemon.sessions)
        let gate = CameraFramePipelineTests.DecodeGate()
        var limits = CameraLimits()
        limits.sessionsPerClient = Self.phones  // the test's phones share one loopback address
        limits.framesPerSecond = 1000
        limits.maxFrameAge = .seconds(600)  // only replacement drops, however slow the machine
        let pipeline = CameraFramePipeline(limits: limits, metrics: daemon.metrics, beforeDecode: { gate.hold() })
        let router = makeRouters(daemon: daemon, cameraPipeline: pipeline).http
        let app = Application(router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)))

        try await app.test(.live) { client in
            let port = try #require(client.port)
            // One connection per phone (HTTP/1.1 answers a connection's requests in order: a shared one would
            // serialise the phones' posts behind each other, not behind the decoder).
            var http = HTTPClient.Configuration()
            http.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
            let phoneClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: http)
            do {
                try await Self.saturateAndScan(
                    client: client, phoneClient: phoneClient, port: port, gate: gate, pipeline: pipeline, sessions: sessions)
            } catch {
                gate.open(Self.phones * 2)
                try await phoneClient.shutdown()
                throw error
            }
            try await phoneClient.shutdown()
        }
    }

    static func saturateAndScan(
        client: any TestClientProtocol, phoneClient: HTTPClient, port: Int, gate: CameraFramePipelineTests.DecodeGate,
        pipeline: CameraFramePipeline, sessions: LiveSessions
    ) async throws {
        var phones: [(id: String, token: String)] = []
        for _ in 0..<Self.phones {
            let opened = try await client.json(.post, "/v1/sessions", body: [:])
            phones.append((
                try #require((opened.body["session"] as? [String: Any])?["id"] as? String),
                try #require(opened.body["token"] as? String)))
        }
        let frame = try EAN13Frame.frame(try DemoCodes.ean(DemoCatalog.coffee), width: 512, height: 192, module: 3)
        func post(_ phone: (id: String, token: String)) async throws -> String {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/sessions/\(phone.id)/frames?width=512&height=192")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/octet-stream")
            request.headers.add(name: "X-Session-Token", value: phone.token)
            request.body = .bytes(ByteBuffer(bytes: frame.bytes))
            let response = try await phoneClient.execute(request, timeout: .seconds(120))
            let body = try await response.body.collect(upTo: 1 << 20)
            let json = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
            return "\(response.status.code) \(json?["outcome"] as? String ?? "?")"
        }

        // Saturate: phone 0's frame is held in zbar, every other phone has a frame waiting.
        var arrivals = gate.arrived.makeAsyncIterator()
        var first: [Task<String, any Error>] = [Task { try await post(phones[0]) }]
        _ = await arrivals.next()
        for phone in phones.dropFirst() { first.append(Task { try await post(phone) }) }
        try await CameraFramePipelineTests.until { pipeline.waitingFrames == Self.phones - 1 }
        // Each phone's next frame (10 frames/s) replaces its waiting one: answered `dropped`, nothing piles up.
        var second: [Task<String, any Error>] = []
        for phone in phones.dropFirst() { second.append(Task { try await post(phone) }) }
        for task in first.dropFirst() { #expect(try await task.value == "200 dropped") }
        #expect(pipeline.waitingFrames == Self.phones - 1)

        // While every lane is saturated and the decode thread is held: a scanner scan…
        let scanner = try await sessions.scanFromDevice(ScanEvent(
            deviceID: DeviceID(rawValue: "scanner-1"), symbology: .ean13,
            payload: Array(try DemoCodes.ean(DemoCatalog.pasta).utf8), timestamp: Instant(nanosecondsSinceEpoch: 1)))
        #expect(scanner?.session.lines.map(\.scannedCode) == [try DemoCodes.ean(DemoCatalog.pasta)])
        // …and a kiosk's scan over HTTP are answered.
        let kiosk = try await client.json(.post, "/v1/sessions", body: [:])
        let kioskID = try #require((kiosk.body["session"] as? [String: Any])?["id"] as? String)
        let kioskToken = try #require(kiosk.body["token"] as? String)
        let scanned = try await client.json(
            .post, "/v1/sessions/\(kioskID)/scans", body: ["payload": try DemoCodes.ean(DemoCatalog.yogurt)],
            headers: SessionTripTests.sessionHeaders(kioskToken))
        #expect(scanned.status == .ok, "\(scanned.body)")
        // Ordering: no camera frame was decoded meanwhile (still one held, the same number waiting).
        #expect(pipeline.waitingFrames == Self.phones - 1)

        // Release the decoder: every phone's latest frame is decoded and scanned.
        gate.open(Self.phones * 2)
        #expect(try await first[0].value == "200 scanned")
        for task in second { #expect(try await task.value == "200 scanned") }
        #expect(pipeline.waitingFrames == 0)
    }
}
