import Foundation
@testable import SelfScanDevices

/// Locates the checked-in scanner fixtures and the package root from this file's path.
enum ScannerFixtures {
    static let directory: String = {
        let here = URL(fileURLWithPath: #filePath)
        return here.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/scanners").path
    }()

    static let packageRoot: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }()

    static func path(_ name: String) -> String { directory + "/" + name }

    /// `<milliseconds> <hex>` lines → (nanoseconds, report bytes).
    static func reports(_ name: String) throws -> [(at: UInt64, report: [UInt8])] {
        let text = try String(contentsOfFile: path(name), encoding: .utf8)
        var result: [(UInt64, [UInt8])] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let millis = UInt64(parts[0]), let bytes = HexBytes.parse(String(parts[1])) else {
                throw FixtureError(line: String(line))
            }
            result.append((millis * 1_000_000, bytes))
        }
        return result
    }

    struct FixtureError: Error { let line: String }

    /// Runs a report stream through a wedge decoder, then lets the last scan time out.
    static func decodeWedge(_ name: String, _ decoder: KeyboardWedgeDecoder) throws -> [DecoderOutput] {
        var decoder = decoder
        var outputs: [DecoderOutput] = []
        var last: UInt64 = 0
        for (at, report) in try reports(name) {
            outputs += decoder.handle(report: report, at: at)
            last = at
        }
        outputs += decoder.tick(at: last + 10_000_000_000)
        return outputs
    }
}

extension DecoderOutput {
    /// The text of a scan, or `error:<code>`: compact for expectations.
    var summary: String {
        switch self {
        case .scan(let scan): (scan.symbology.map { $0.value } ?? "") + (scan.text ?? "<bytes>")
        case .error(let error): "error:\(error.code.rawValue)"
        }
    }
}
