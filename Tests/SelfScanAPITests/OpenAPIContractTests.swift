import Foundation
import SelfScanAPI
import Testing

/// The OpenAPI documents (docs/openapi-daemon.yaml, docs/openapi-referential.yaml) describe the same endpoints
/// as the contract module, no more, no fewer. The responses themselves are checked against the documents'
/// schemas by the end-to-end contract tests (Tests/e2e/test_*_openapi.py).
@Suite("OpenAPI documents list exactly the contract's endpoints")
struct OpenAPIContractTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `METHOD /path` of every operation under `paths:` (two-space path keys, four-space method keys: the
    /// layout both documents use).
    static func operations(in file: String) throws -> Set<String> {
        let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
        var inPaths = false
        var path: String?
        var found: Set<String> = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("paths:") { inPaths = true; continue }
            guard inPaths else { continue }
            if let first = line.first, first != " ", first != "#" { break }  // the next top-level key
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     ") {
                let key = line.dropFirst(4).prefix { $0 != ":" }
                if let method = Endpoint.Method(rawValue: key.uppercased()) { found.insert("\(method.rawValue) \(path)") }
            }
        }
        return found
    }

    @Test func theDaemonDocumentListsTheDaemonContract() throws {
        let documented = try Self.operations(in: "docs/openapi-daemon.yaml")
        let contract = Set(DaemonEndpoints.all.map(\.description))
        #expect(documented.subtracting(contract).sorted() == [], "documented but not in DaemonEndpoints")
        #expect(contract.subtracting(documented).sorted() == [], "in DaemonEndpoints but not documented")
    }

    @Test func theReferentialDocumentListsTheReferentialContract() throws {
        let documented = try Self.operations(in: "docs/openapi-referential.yaml")
        let contract = Set(ReferentialEndpoints.all.map(\.description))
        #expect(documented.subtracting(contract).sorted() == [], "documented but not in ReferentialEndpoints")
        #expect(contract.subtracting(documented).sorted() == [], "in ReferentialEndpoints but not documented")
    }

    @Test func noEndpointIsListedTwice() {
        #expect(Set(DaemonEndpoints.all).count == DaemonEndpoints.all.count)
        #expect(Set(ReferentialEndpoints.all).count == ReferentialEndpoints.all.count)
    }
}
