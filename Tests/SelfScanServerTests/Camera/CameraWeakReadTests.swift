import Foundation
import Hummingbird
import HummingbirdTesting
import SelfScanDemo
import SelfScanDevices
import Testing
@testable import SelfScanServer

/// Weak camera reads (GS1 DataBar, short codes) need a second frame of the session to agree before they
/// scan (`FrameConfirmation`). Fixtures (Fixtures/README.md): two consecutive synthetic low-light frames on
/// which zbar's video profile reads a GS1 DataBar that is not there, and a real DataBar of the demo coffee.
@Suite struct CameraWeakReadTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func frame(_ name: String) throws -> Y800Frame {
        let image = try ImageLoader().load(path: fixtures.appendingPathComponent(name).path)
        return try Y800Frame(width: image.width, height: image.height, stride: image.width, bytes: image.pixels)
    }

    /// The coffee's GTIN-14 as a DataBar element string (`01` + GTIN-14).
    static func coffeeDataBar() throws -> String { "010" + (try DemoCodes.ean(DemoCatalog.coffee)) }

    @Test func theFixtureReallyMakesZbarReadAFalseDataBar() throws {
        // Guards the next test: without this false read it would prove nothing.
        let scanner = try #require(VideoFrameScanner())
        let symbols = try scanner.scan(try Self.frame("lowlight-false-databar.jpg"))
        #expect(symbols.contains { $0.symbology == .dataBar || $0.symbology == .dataBarExpanded })
    }

    @Test func aFalseDataBarFromLowLightNoiseIsNeverScanned() async throws {
        let frozen = ContinuousClock.now
        let pipeline = CameraFramePipeline(metrics: nil, now: { frozen })
        for name in ["lowlight-false-databar.jpg", "lowlight-false-databar-next.jpg"] {
            let outcome = try await pipeline.submit(try Self.frame(name), region: nil, session: "L", client: "c")
            switch outcome {
            case let .decoded(symbols):
                // The frames really hold EAN-13 3017620422003 (the video profile's retry passes read it on the
                // second): that may scan; the phantom DataBar never.
                #expect(symbols.allSatisfy { $0.text == "3017620422003" }, "\(name): a false read counted as a scan: \(symbols.map(\.text))")
            case .unconfirmed, .dropped:
                break
            }
        }
    }

    @Test func aRealDataBarScansOnTheSecondFrame() async throws {
        let frozen = ContinuousClock.now
        let pipeline = CameraFramePipeline(metrics: nil, now: { frozen })
        let frame = try Self.frame("databar-coffee.pgm")
        let expected = try Self.coffeeDataBar()
        guard case let .unconfirmed(first) = try await pipeline.submit(frame, region: nil, session: "D", client: "c") else {
            Issue.record("the first DataBar frame must wait for confirmation"); return
        }
        #expect(first.map(\.text) == [expected])
        #expect(try await pipeline.submit(frame, region: nil, session: "D", client: "c") == .decoded(first))
        // Another session's frame does not confirm this one's.
        guard case .unconfirmed = try await pipeline.submit(frame, region: nil, session: "E", client: "c") else {
            Issue.record("sessions must not share confirmations"); return
        }
    }

    /// The pipeline's clock is frozen: on a loaded machine more than the 1 s confirmation window passed between
    /// the two posts and the second frame was answered `unconfirmed` (the parallel suite caught it).
    @Test func overHTTPTheFirstDataBarFrameIsUnconfirmedAndTheSecondScansIt() async throws {
        let frozen = ContinuousClock.now
        try await withLiveDaemon(
            CameraRoutesTests.storeConfig(try makeTemporaryDirectory()),
            cameraPipeline: { CameraFramePipeline(metrics: $0.metrics, now: { frozen }) }
        ) { _, client in
            let opened = try await client.json(.post, "/v1/sessions", body: [:])
            let token = try #require(opened.body["token"] as? String)
            let id = try #require((opened.body["session"] as? [String: Any])?["id"] as? String)
            let frame = try Self.frame("databar-coffee.pgm")

            let first = try await CameraRoutesTests.post(client, id, frame, token: token)
            #expect(first.body["outcome"] as? String == "unconfirmed", "\(first.body)")
            #expect(first.body["payload"] as? String == (try Self.coffeeDataBar()))
            let empty = try await client.json(.get, "/v1/sessions/\(id)", headers: SessionTripTests.sessionHeaders(token))
            #expect((empty.body["lines"] as? [[String: Any]])?.isEmpty == true)

            let second = try await CameraRoutesTests.post(client, id, frame, token: token)
            #expect(second.body["outcome"] as? String == "scanned", "\(second.body)")
            let session = try #require((second.body["result"] as? [String: Any])?["session"] as? [String: Any])
            #expect((session["lines"] as? [[String: Any]])?.map { $0["productID"] as? String } == [DemoCatalog.coffee.rawValue])

            let metrics = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            #expect(metrics.contains("selfscan_camera_frames_unconfirmed_total 1"))
        }
    }
}
