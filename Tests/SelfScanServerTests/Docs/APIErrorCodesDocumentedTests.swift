import Foundation
import Testing
import SelfScanAPI

/// Issue 15: codes such as `quantityOverLimit` reached clients without being documented. Every error code the
/// daemon's sources can put in `error.code` must appear (in backquotes) in docs/api.md. The codes are read
/// from the sources themselves, so a new code without its line in the docs fails here:
/// - every `code: "…"` literal in Sources/SelfScanServer (the `APIError(…, code: "…")` of every route),
/// - every literal of a `var code: String { … }` of the error types (`*Error*.swift` of Server and Core),
/// - `storage.<case>` and `config.<case>` for the raw-value codes of `StorageError` and `ConfigError`.
@Suite("API error codes are documented")
struct APIErrorCodesDocumentedTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func files(under directory: String, matching: (String) -> Bool = { _ in true }) -> [String] {
        let base = root.appendingPathComponent(directory).path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") && matching($0) }
            .map { "\(base)/\($0)" }
    }

    static func matches(_ pattern: String, in text: String, options: NSRegularExpression.Options = []) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: options) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    static func sourceCodes() throws -> Set<String> {
        var codes: Set<String> = []
        for path in files(under: "Sources/SelfScanServer") {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            codes.formUnion(matches(#"code: "([A-Za-z][A-Za-z0-9]*)""#, in: text))
        }
        let errorFiles = files(under: "Sources/SelfScanServer") { $0.contains("Error") }
            + files(under: "Sources/SelfScanCore") { $0.contains("Error") }
            + files(under: "Sources/SelfScanCore/Catalog") { $0.hasSuffix("CatalogLookup.swift") }
        for path in errorFiles {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            for block in matches(#"var code: String \{(.*?)\n    \}"#, in: text, options: [.dotMatchesLineSeparators]) {
                codes.formUnion(matches(#""([A-Za-z][A-Za-z0-9]*)""#, in: block))
            }
        }
        for (prefix, file) in [
            ("storage", "Sources/SelfScanStorage/Database/StorageError.swift"),
            ("config", "Sources/SelfScanServer/Config/ConfigError.swift"),
        ] {
            let text = try String(contentsOfFile: root.appendingPathComponent(file).path, encoding: .utf8)
            let block = try #require(
                matches(#"enum Code: String[^{]*\{(.*?)\n    \}"#, in: text, options: [.dotMatchesLineSeparators]).first)
            codes.formUnion(matches(#"case ([a-zA-Z]+)"#, in: block).map { "\(prefix).\($0)" })
        }
        return codes
    }

    @Test func everyErrorCodeOfTheSourcesIsInAPIMarkdown() throws {
        let codes = try Self.sourceCodes()
        // The extraction itself works: well-known codes of each kind are found.
        for known in ["sessionNotFound", "quantityOverLimit", "badCheckDigit", "passExpired", "storage.diskFull",
                      "config.badValue", "badCredentials", "staffLoginLocked", "hostNotAllowed"] {
            #expect(codes.contains(known), "the source scan no longer finds \(known)")
        }
        let docs = try String(contentsOfFile: Self.root.appendingPathComponent("docs/api.md").path, encoding: .utf8)
        let missing = codes.filter { !docs.contains("`\($0)`") }.sorted()
        #expect(missing.isEmpty, "error codes missing from docs/api.md: \(missing.joined(separator: ", "))")
    }

    @Test func everyErrorCodeOfTheSourcesIsInTheOpenAPIErrorSchema() throws {
        let codes = try Self.sourceCodes()
        let spec = try String(
            contentsOfFile: Self.root.appendingPathComponent("docs/openapi-daemon.yaml").path, encoding: .utf8)
        let listed = Set(Self.matches(#"([A-Za-z][A-Za-z0-9.]*[A-Za-z0-9])"#, in: spec))
        let missing = codes.filter { !listed.contains($0) }.sorted()
        #expect(missing.isEmpty, "error codes missing from docs/openapi-daemon.yaml: \(missing.joined(separator: ", "))")
    }
}
