import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SelfScanDevices
import SelfScanServer
import Testing

@Suite("GET /v1/qr.svg over loopback HTTP")
struct QRRouteTests {
    /// Rasterises the route's SVG (a white square and one path of `M<x> <y>h<n>v1h-<n>z` dark runs) into a
    /// greyscale frame, `scale` pixels per module.
    static func rasterise(_ svg: String, scale: Int = 4) throws -> Y800Frame {
        let viewBox = try #require(svg.firstMatch(of: #/viewBox="0 0 (\d+) (\d+)"/#))
        let side = try #require(Int(viewBox.output.1))
        var pixels = [UInt8](repeating: 255, count: side * scale * side * scale)
        let path = try #require(svg.firstMatch(of: #/ d="([^"]*)"/#)).output.1
        for run in path.matches(of: #/M(\d+) (\d+)h(\d+)v1h-\d+z/#) {
            let (x, y, length) = (Int(run.output.1) ?? 0, Int(run.output.2) ?? 0, Int(run.output.3) ?? 0)
            for column in x..<(x + length) {
                for dy in 0..<scale {
                    for dx in 0..<scale { pixels[(y * scale + dy) * side * scale + column * scale + dx] = 0 }
                }
            }
        }
        return try Y800Frame(width: side * scale, height: side * scale, stride: side * scale, bytes: pixels)
    }

    @Test(arguments: [
        "selfscan:exit:k2026a.eyJrIjoiZXhpdCIsInN0IjoiMDQyIiwicyI6IjdGM0EifQ.c2lnbmF0dXJl",
        "selfscan:handoff:k1.e30.AAAA",
        "selfscan:exit:" + String(repeating: "A", count: 512 - "selfscan:exit:".count),
    ])
    func theServedSVGDecodesBackWithZbar(payload: String) async throws {
        let config = testConfig(role: .kiosk, dataDirectory: try makeTemporaryDirectory())
        try await withLiveDaemon(config) { _, client in
            var components = URLComponents()
            components.path = "/v1/qr.svg"
            components.queryItems = [URLQueryItem(name: "text", value: payload)]
            let uri = try #require(components.percentEncodedQuery.map { "/v1/qr.svg?" + $0.replacingOccurrences(of: "+", with: "%2B") })
            let (status, type, svg) = try await client.execute(uri: uri, method: .get) { response in
                (response.status, response.headers[.contentType], String(buffer: response.body))
            }
            #expect(status == .ok)
            #expect(type == "image/svg+xml")
            let symbols = try BarcodeDecoder().decodeBlocking(frame: try Self.rasterise(svg))
            #expect(symbols.count == 1)
            #expect(symbols.first?.symbology == .qr)
            #expect(symbols.first.map { String(decoding: $0.payload, as: UTF8.self) } == payload)
        }
    }

    @Test(arguments: [
        ("", "qrTextMissing"),
        ("HELLO", "qrTextNotAllowed"),
        ("https://example.com/phish", "qrTextNotAllowed"),
        ("selfscan:loyalty:0420000000016", "qrTextNotAllowed"),
        ("SELFSCAN:EXIT:abc", "qrTextNotAllowed"),
        // The phone-pass link only: the pass page, an exit pass in the fragment, nothing else.
        ("https%3A%2F%2Fexample.com%2Fphish.html%23code%3Dselfscan%253Aexit%253Aabc", "qrTextNotAllowed"),
        ("https%3A%2F%2Fexample.com%2Fpass.html%23code%3Dselfscan%253Aloyalty%253A1", "qrTextNotAllowed"),
        ("https%3A%2F%2Fexample.com%2Fpass.html%23code%3Dselfscan%253Aexit%253Aabc%26next%3Devil", "qrTextNotAllowed"),
        ("selfscan:exit:" + String(repeating: "A", count: 512 - "selfscan:exit:".count + 1), "qrTextTooLong"),
    ])
    func otherTextsAreRefused(text: String, code: String) async throws {
        // (percent-encoded in the arguments above where the text holds / : # &)
        let config = testConfig(role: .kiosk, dataDirectory: try makeTemporaryDirectory())
        try await withLiveDaemon(config) { _, client in
            let answer = try await client.json(.get, "/v1/qr.svg?text=\(text)")
            #expect(answer.status == .badRequest)
            #expect(errorCode(answer.body) == code)
        }
    }

    @Test("the phone-pass link (the pass page with an exit pass in its fragment) is drawn, and reads back")
    func phonePassLink() async throws {
        let link = "http://127.0.0.1:8080/pass.html#code=selfscan%3Aexit%3AFR-0042-1.eyJleHAiOjF9.sig&exp=1796375802"
        let config = testConfig(role: .kiosk, dataDirectory: try makeTemporaryDirectory())
        try await withLiveDaemon(config) { _, client in
            let query = try #require(link.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            let (status, svg) = try await client.execute(uri: "/v1/qr.svg?text=\(query)", method: .get) { response in
                (response.status, String(buffer: response.body))
            }
            #expect(status == .ok)
            let symbols = try BarcodeDecoder().decodeBlocking(frame: try Self.rasterise(svg))
            #expect(symbols.first.map { String(decoding: $0.payload, as: UTF8.self) } == link)
        }
    }
}
