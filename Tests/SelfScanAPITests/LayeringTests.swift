import Foundation
import Testing

/// The module graph reads like the design: Core → contract → adapters → sync engine → servers/console →
/// executable. The forbidden edges are read from Package.swift's target declarations, so a dependency added
/// against the grain fails here.
@Suite("Package layering: no edge against the grain")
struct LayeringTests {
    /// Target name → the names of the targets and products it depends on, from Package.swift.
    static func dependencies() throws -> [String: Set<String>] {
        let manifest = try String(
            contentsOf: OpenAPIContractTests.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        var result: [String: Set<String>] = [:]
        // Each target declaration: `.target(` / `.executableTarget(` / `.testTarget(` … up to the next one.
        let declarations = manifest.components(separatedBy: "Target(").dropFirst()
            + manifest.components(separatedBy: ".target(").dropFirst()
        for declaration in declarations {
            guard let nameRange = declaration.range(of: #"name: "([A-Za-z]+)""#, options: .regularExpression)
            else { continue }
            let name = declaration[nameRange].split(separator: "\"")[1]
            let body = declaration.components(separatedBy: "swiftSettings").first ?? declaration
            var used: Set<String> = []
            var rest = body[nameRange.upperBound...]
            while let quoted = rest.range(of: #""[A-Za-z_]+""#, options: .regularExpression) {
                used.insert(String(rest[quoted].dropFirst().dropLast()))
                rest = rest[quoted.upperBound...]
            }
            result[String(name), default: []].formUnion(used)
        }
        return result
    }

    /// (target, what it must not depend on, why).
    static let forbidden: [(String, String, String)] = [
        ("SelfScanCore", "SelfScanAPI", "the domain core is below the contract"),
        ("SelfScanCore", "SelfScanDemo", "demo data is not domain code"),
        ("SelfScanStorage", "SelfScanTooling", "bench tooling stays out of production modules"),
        ("SelfScanServer", "SelfScanTooling", "bench tooling stays out of production modules"),
        ("SelfScanReferential", "SelfScanTooling", "bench tooling stays out of production modules"),
        ("SelfScanAPI", "SelfScanStorage", "the contract carries no storage type"),
        ("SelfScanAPI", "Hummingbird", "the contract links no server"),
        ("SelfScanAPI", "GRDB", "the contract links no database"),
        ("SelfScanAPI", "AsyncHTTPClient", "the contract links no HTTP client"),
        ("SelfScanConsole", "SelfScanServer", "a client never links a server"),
        ("SelfScanConsole", "Hummingbird", "a client never links a server"),
        ("SelfScanSync", "SelfScanServer", "the sync engine is below the server"),
        ("SelfScanReferential", "SelfScanStorage", "the referential links no daemon storage"),
        ("SelfScanReferential", "SelfScanServer", "the referential links no daemon"),
        ("SelfScanReferential", "SelfScanSync", "the referential links no daemon sync engine (nor its HTTP client)"),
        ("SelfScanReferential", "AsyncHTTPClient", "the referential is a server: it calls no one"),
        ("SelfScanStorage", "SelfScanSync", "storage is below the sync engine"),
        ("SelfScanSync", "SelfScanStorage", "the sync engine reaches storage only through its ports (SelfScanSyncStorage)"),
        ("SelfScanDevices", "SelfScanStorage", "devices know nothing of baskets"),
    ]

    @Test func theManifestIsReadable() throws {
        let graph = try Self.dependencies()
        // A sanity check that the parser sees the graph: known edges are there.
        #expect(graph["SelfScanStorage"]?.contains("SelfScanAPI") == true)
        #expect(graph["SelfScanConsole"]?.contains("SelfScanAPI") == true)
        #expect(graph["SelfScanReferential"]?.contains("PostgresNIO") == true)
    }

    @Test(arguments: forbidden.map { "\($0.0) ↛ \($0.1)" })
    func noForbiddenEdge(_ edge: String) throws {
        let parts = edge.components(separatedBy: " ↛ ")
        let graph = try Self.dependencies()
        let why = Self.forbidden.first { $0.0 == parts[0] && $0.1 == parts[1] }?.2 ?? ""
        #expect(graph[parts[0]] != nil, "no target \(parts[0]) in Package.swift")
        #expect(graph[parts[0]]?.contains(parts[1]) == false, "\(edge): \(why)")
    }

    /// Every `import SelfScan…` in a target's sources names a module the target declares: an undeclared import
    /// only compiles while some other dependency happens to build that module first, and hides an edge the
    /// checks above would refuse (a referential file once imported the daemon's storage that way).
    @Test func sourcesImportOnlyDeclaredProjectModules() throws {
        let graph = try Self.dependencies()
        let sources = OpenAPIContractTests.root.appendingPathComponent("Sources")
        var undeclared: [String] = []
        for target in try FileManager.default.contentsOfDirectory(atPath: sources.path) where target.hasPrefix("SelfScan") {
            let declared = graph[target] ?? []
            let files = FileManager.default.enumerator(atPath: sources.appendingPathComponent(target).path)?
                .compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
            for file in files {
                let text = try String(
                    contentsOf: sources.appendingPathComponent(target).appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") {
                    let words = line.split(separator: " ")
                    guard let index = words.firstIndex(of: "import"), index + 1 < words.count, index <= 2 else { continue }
                    let module = String(words[index + 1])
                    if module.hasPrefix("SelfScan") && module != target && !declared.contains(module) {
                        undeclared.append("\(target)/\(file) imports \(module)")
                    }
                }
            }
        }
        #expect(undeclared.isEmpty, "\(undeclared)")
    }
}
