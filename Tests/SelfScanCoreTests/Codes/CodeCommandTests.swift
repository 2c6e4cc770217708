import Foundation
import Testing
import SelfScanTestSupport

/// `selfscan code` end to end: runs the built binary (`SELFSCAN_BIN`, else `.build/debug/selfscan`).
@Suite("selfscan code (CLI)")
struct CodeCommandTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: String {
        ProcessInfo.processInfo.environment["SELFSCAN_BIN"] ?? packageRoot.appendingPathComponent(".build/debug/selfscan").path
    }

    /// Runs `selfscan code …`; returns exit status and stdout. Bounded by the process finishing.
    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let result = try ChildProcess.run(Self.binary, ["code"] + arguments)
        return (result.status, String(decoding: result.stdout, as: UTF8.self))
    }

    func object(_ output: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    }

    @Test func gtin() throws {
        let result = try run(["--json", "3017620422003"])
        #expect(result.status == 0)
        let json = try object(result.output)
        #expect(json["kind"] as? String == "gtin")
        #expect(json["gtin"] as? String == "03017620422003")
    }

    @Test func frenchWeightCode() throws {
        let json = try object(try run(["--json", "2100123012343"]).output)
        #expect(json["kind"] as? String == "variableMeasure")
        #expect(json["weightGrams"] as? Int == 1234)
        #expect(json["itemReference"] as? String == "00123")
    }

    @Test func gs1WithEscapedGS() throws {
        let result = try run(["--json", "]C110ABC\\x1D0109506000134352" + "3922499"])
        #expect(result.status == 0)
        let json = try object(result.output)
        #expect(json["kind"] as? String == "gs1")
        #expect(json["ais"] as? [String: String] == ["10": "ABC", "01": "09506000134352", "3922": "499"])
        #expect((json["price"] as? [String: Any])?["minor"] as? Int == 499)
    }

    @Test func digitalLink() throws {
        let json = try object(try run(["--json", "https://id.gs1.org/01/9520123456788/10/ABC?17=251231"]).output)
        #expect(json["kind"] as? String == "digitalLink")
        #expect(json["gtin"] as? String == "09520123456788")
        #expect((json["ais"] as? [String: String])?["17"] == "251231")
    }

    @Test func invalidPayloadExitsNonZeroWithATypedError() throws {
        let result = try run(["--json", "3017620422004"])
        #expect(result.status != 0)
        let error = try #require(try object(result.output)["error"] as? [String: String])
        #expect(error["code"] == "badCheckDigit")
        #expect(error["message"]?.isEmpty == false)
        #expect(try run(["--json", "2800000000004"]).status != 0)
    }

    @Test func nomenclatureFromAFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("selfscan-codes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("chain.json")
        let rules = #"{"name":"chain","currency":"EUR","rules":[{"name":"chain-price-28","kind":"price","pattern":"28.....{NNNDD}"}]}"#
        try Data(rules.utf8).write(to: file)
        // 28 00123 00250 + check digit: unknown in the French default, a 2.50 € price in this file.
        let code = "2800123002500"
        let check = code.dropLast().reversed().enumerated().reduce(0) { $0 + (Int(String($1.element)) ?? 0) * ($1.offset % 2 == 0 ? 3 : 1) }
        let payload = String(code.dropLast()) + String((10 - check % 10) % 10)
        #expect(try run(["--json", payload]).status != 0)
        let result = try run(["--json", "--nomenclature", file.path, payload])
        #expect(result.status == 0)
        let json = try object(result.output)
        #expect(json["rule"] as? String == "chain-price-28")
        #expect((json["price"] as? [String: Any])?["minor"] as? Int == 250)

        let broken = directory.appendingPathComponent("broken.json")
        try Data(#"{"name":"x","currency":"EUR","rules":[{"name":"a","kind":"price","pattern":"28..{N}"}]}"#.utf8).write(to: broken)
        let failed = try run(["--json", "--nomenclature", broken.path, payload])
        #expect(failed.status != 0)
        #expect((try object(failed.output)["error"] as? [String: String])?["code"] == "badNomenclature")
    }

    @Test func shippedNomenclatureFileWorksWithTheCLI() throws {
        let file = Self.packageRoot.appendingPathComponent("nomenclatures/fr-default.json").path
        let json = try object(try run(["--json", "--nomenclature", file, "2300123001259"]).output)
        #expect((json["price"] as? [String: Any])?["minor"] as? Int == 125)
    }

    @Test func humanReadableOutput() throws {
        let result = try run(["selfscan:badge:emp-17"])
        #expect(result.status == 0)
        #expect(result.output.contains("kind: staffBadge"))
    }
}

extension CodeCommandTests {
    @Test func symbologyOption() throws {
        // 01234565 with ]E4 is an EAN-8 (an RCN-8, refused); with ]E0 a UPC-E.
        let upcE = try run(["--json", "--symbology", "]E0", "01234565"])
        #expect(upcE.status == 0)
        #expect(try object(upcE.output)["gtin"] as? String == "00012345000065")
        #expect(try run(["--json", "--symbology", "]E4", "01234565"]).status != 0)
        #expect(try run(["--json", "--symbology", "E0", "01234565"]).status != 0)
    }
}
