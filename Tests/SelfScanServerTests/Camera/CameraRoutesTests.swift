import Foundation
import Hummingbird
import HummingbirdTesting
import SelfScanDemo
import SelfScanDevices
@testable import SelfScanServer
import Testing

/// `POST /v1/sessions/{id}/frames` over real HTTP on loopback: a phone's frame scans into the same basket,
/// with the kiosk scan's promotions and errors; the limits answer typed errors; metrics count frames.
@Suite struct CameraRoutesTests {
    static func storeConfig(_ dir: String) -> DaemonConfig {
        var config = testConfig(role: .store, dataDirectory: dir)
        config.catalogSeed = .frenchHypermarketDemo
        return config
    }

    static func frameHeaders(_ token: String?) -> HTTPFields {
        var headers = token.map(SessionTripTests.sessionHeaders) ?? HTTPFields()
        headers[.contentType] = "application/octet-stream"
        return headers
    }

    static func post(
        _ client: any TestClientProtocol, _ id: String, _ frame: Y800Frame, token: String?, query: String? = nil
    ) async throws -> (status: HTTPResponse.Status, body: [String: Any]) {
        let uri = "/v1/sessions/\(id)/frames?" + (query ?? "width=\(frame.width)&height=\(frame.height)")
        return try await client.execute(
            uri: uri, method: .post, headers: frameHeaders(token), body: ByteBuffer(bytes: frame.bytes)
        ) { response in
            (response.status, (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:])
        }
    }

    /// The pipeline's clock is frozen: on a loaded machine (the parallel suite beside a release build) more than
    /// the 1.5 s repeat window passed between the two posts and the second frame scanned a second coffee.
    @Test func aFrameScansTheProductIntoTheBasketOnce() async throws {
        let frozen = ContinuousClock.now
        try await withLiveDaemon(
            Self.storeConfig(try makeTemporaryDirectory()),
            cameraPipeline: { CameraFramePipeline(metrics: $0.metrics, now: { frozen }) }
        ) { _, client in
            let opened = try await client.json(.post, "/v1/sessions", body: [:])
            let token = try #require(opened.body["token"] as? String)
            let id = try #require((opened.body["session"] as? [String: Any])?["id"] as? String)
            let code = try DemoCodes.ean(DemoCatalog.coffee)
            let frame = try EAN13Frame.frame(code)

            let answer = try await Self.post(client, id, frame, token: token)
            #expect(answer.status == .ok, "\(answer.body)")
            #expect(answer.body["outcome"] as? String == "scanned")
            #expect(answer.body["symbology"] as? String == "]E0")
            let session = try #require((answer.body["result"] as? [String: Any])?["session"] as? [String: Any])
            let lines = try #require(session["lines"] as? [[String: Any]])
            #expect(lines.map { $0["scannedCode"] as? String } == [code])

            // The same steady aim: not a second coffee.
            let again = try await Self.post(client, id, frame, token: token)
            #expect(again.body["outcome"] as? String == "repeated")
            let view = try await client.json(.get, "/v1/sessions/\(id)", headers: SessionTripTests.sessionHeaders(token))
            #expect((view.body["lines"] as? [[String: Any]])?.count == 1)

            // A frame without a code.
            let blank = try Y800Frame(width: 64, height: 48, stride: 64, bytes: [UInt8](repeating: 230, count: 64 * 48))
            #expect(try await Self.post(client, id, blank, token: token).body["outcome"] as? String == "noCode")

            // Metrics: frames in, decoded, latency histogram.
            let metrics = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            #expect(metrics.contains("selfscan_camera_frames_received_total 3"))
            #expect(metrics.contains("selfscan_camera_frames_decoded_total 3"))
            #expect(metrics.contains("selfscan_camera_decode_duration_seconds_bucket"))
        }
    }

    @Test func badFramesAndLimitsAreTypedErrors() async throws {
        try await withLiveDaemon(Self.storeConfig(try makeTemporaryDirectory())) { _, client in
            let opened = try await client.json(.post, "/v1/sessions", body: [:])
            let token = try #require(opened.body["token"] as? String)
            let id = try #require((opened.body["session"] as? [String: Any])?["id"] as? String)
            let frame = try EAN13Frame.frame(try DemoCodes.ean(DemoCatalog.coffee), width: 320, height: 120, module: 2)

            // No token, wrong size, missing geometry, too large, bad roi.
            #expect(errorCode(try await Self.post(client, id, frame, token: nil).body) == "missingSessionToken")
            let short = try await Self.post(client, id, frame, token: token, query: "width=320&height=121")
            #expect(short.status == .badRequest)
            #expect(errorCode(short.body) == "badFrame")
            #expect(errorCode(try await Self.post(client, id, frame, token: token, query: "height=120").body) == "badFrame")
            let huge = try await Self.post(client, id, frame, token: token, query: "width=4000&height=3000")
            #expect(huge.status == .contentTooLarge)
            #expect(errorCode(huge.body) == "frameTooLarge")
            #expect(errorCode(try await Self.post(client, id, frame, token: token, query: "width=320&height=120&roi=1,2").body) == "badFrame")

            // A raw body is accepted only on the frames route: elsewhere writes stay JSON-only.
            let elsewhere = try await client.execute(
                uri: "/v1/sessions/\(id)/scans", method: .post, headers: Self.frameHeaders(token),
                body: ByteBuffer(bytes: frame.bytes)) { $0.status }
            #expect(elsewhere == .unsupportedMediaType)

            // Unknown products answer like a kiosk scan (same error code).
            let unknown = try EAN13Frame.frame("4006381333931", width: 320, height: 120, module: 2)
            let answer = try await Self.post(client, id, unknown, token: token)
            let kiosk = try await client.json(
                .post, "/v1/sessions/\(id)/scans", body: ["payload": "4006381333931"], headers: SessionTripTests.sessionHeaders(token))
            #expect(answer.status == kiosk.status)
            #expect(errorCode(answer.body) == errorCode(kiosk.body))
            if kiosk.status == .ok {
                #expect(answer.body["outcome"] as? String == "scanned")
                #expect((answer.body["result"] as? [String: Any])?["action"] as? String == kiosk.body["action"] as? String)
            }
        }
    }
}
