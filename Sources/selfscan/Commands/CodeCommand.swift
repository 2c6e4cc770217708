import ArgumentParser
import Foundation
import SelfScanCore

/// `selfscan code [--json] [--nomenclature FILE] [--symbology AIM] PAYLOAD`: interprets one scanned
/// payload. The logic is `CodeInterpreter` and `CodeReport` in SelfScanCore; this only wires.
struct CodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "code",
        abstract: "Interpret one scanned payload (GTIN, variable measure, GS1, Digital Link, SelfScan QR).",
        discussion: """
            PAYLOAD may contain \\x1D (or any \\xHH) escapes, e.g. for the GS separator of GS1 data.
            An invalid payload prints {"error": {"code": ..., "message": ...}} (with --json) and exits 1.
            """
    )

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: "Nomenclature JSON file for restricted-circulation codes (default: the built-in French one).")
    var nomenclature: String?

    @Option(help: "AIM symbology identifier the scanner reported, e.g. ]E0, ]C1, ]Q3.")
    var symbology: String?

    @Argument(help: "The payload as scanned.")
    var payload: String

    func validate() throws {
        if let symbology, AIMIdentifier(symbology) == nil {
            throw ValidationError("'\(symbology)' is not an AIM identifier (']' + letter + modifier, e.g. ]E0)")
        }
    }

    func run() async throws {
        let nomenclature: Nomenclature
        do {
            nomenclature = try loadNomenclature()
        } catch {
            emit(CodeErrorReport(code: "badNomenclature", message: "\(self.nomenclature ?? ""): \(error)"), lines: ["error: \(error)"])
            throw ExitCode(2)
        }
        let interpreter = CodeInterpreter(nomenclature: nomenclature)
        do throws(CodeError) {
            let code = try interpreter.interpret(PayloadEscapes.decode(payload), symbology: symbology.flatMap(AIMIdentifier.init))
            let report = try CodeReport(code, defaultCurrency: nomenclature.currency)
            emit(report, lines: report.lines)
        } catch {
            emit(CodeErrorReport(error), lines: ["error (\(error.code)): \(error)"])
            throw ExitCode(1)
        }
    }

    private func loadNomenclature() throws -> Nomenclature {
        guard let path = nomenclature else { return .frenchDefault }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONDecoder().decode(Nomenclature.self, from: data)
    }

    private func emit(_ value: some Encodable, lines: [String]) {
        guard json else {
            print(lines.joined(separator: "\n"))
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if let data = try? encoder.encode(value) {
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
