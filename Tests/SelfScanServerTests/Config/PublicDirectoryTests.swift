import Foundation
import Logging
import SelfScanServer
import Testing

@Suite("Finding the web pages without Bundle.module")
struct PublicDirectoryTests {
    /// A directory holding a `kiosk.html`.
    static func pages(in parent: String, _ relative: String) throws -> String {
        let path = "\(parent)/\(relative)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Data("<html></html>".utf8).write(to: URL(fileURLWithPath: "\(path)/kiosk.html"))
        return path
    }

    @Test func noPagesAnywhereIsAClearErrorNamingWhereItLooked() throws {
        let binary = try makeTemporaryDirectory("bin")
        let source = try makeTemporaryDirectory("src") + "/Public"
        let error = #expect(throws: ConfigError.self) {
            try PublicDirectory.locate(
                configured: nil, environment: [:], executableDirectory: binary, sourceDirectory: source)
        }
        #expect(error?.code == .missingKey)
        #expect(error?.path == "publicDir")
        #expect(error?.message.contains("\(binary)/SelfScan_SelfScanServer.resources/Public") == true)
        #expect(error?.message.contains(source) == true)
        #expect(error?.message.contains(PublicDirectory.environmentVariable) == true)
    }

    @Test func configThenEnvironmentThenNextToTheBinaryThenTheCheckout() throws {
        let root = try makeTemporaryDirectory("pages")
        let configured = try Self.pages(in: root, "configured")
        let fromEnvironment = try Self.pages(in: root, "env")
        let binary = "\(root)/bin"
        let bundled = try Self.pages(in: binary, "SelfScan_SelfScanServer.resources/Public")
        let source = try Self.pages(in: root, "checkout/Public")
        let environment = [PublicDirectory.environmentVariable: fromEnvironment]

        #expect(
            try PublicDirectory.locate(
                configured: configured, environment: environment, executableDirectory: binary,
                sourceDirectory: source) == configured)
        #expect(
            try PublicDirectory.locate(
                configured: nil, environment: environment, executableDirectory: binary, sourceDirectory: source)
                == fromEnvironment)
        #expect(
            try PublicDirectory.locate(
                configured: nil, environment: [:], executableDirectory: binary, sourceDirectory: source) == bundled)
        #expect(
            try PublicDirectory.locate(
                configured: nil, environment: [:], executableDirectory: "\(root)/elsewhere", sourceDirectory: source)
                == source)
    }

    @Test func aConfiguredDirectoryWithoutPagesIsRefusedNotSkipped() throws {
        let root = try makeTemporaryDirectory("pages")
        let source = try Self.pages(in: root, "checkout/Public")
        let configured = #expect(throws: ConfigError.self) {
            try PublicDirectory.locate(
                configured: "\(root)/missing", environment: [:], executableDirectory: nil, sourceDirectory: source)
        }
        #expect(configured?.code == .badValue)
        let fromEnvironment = #expect(throws: ConfigError.self) {
            try PublicDirectory.locate(
                configured: nil, environment: [PublicDirectory.environmentVariable: root], executableDirectory: nil,
                sourceDirectory: source)
        }
        #expect(fromEnvironment?.message.contains(PublicDirectory.environmentVariable) == true)
    }

    @Test func theDaemonRefusesToStartWithAClearErrorAndAGateStartsWithout() async throws {
        let directory = try makeTemporaryDirectory()
        var config = SessionTripTests.storeConfig(directory)
        config.publicDirectory = "\(directory)/no-pages"
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let error = await #expect(throws: ConfigError.self) {
            _ = try await Daemon.open(config: config, logger: logger)
        }
        #expect(error?.path == "publicDir")
        #expect(error?.description.contains("no-pages") == true)

        var gate = testConfig(role: .gate, dataDirectory: try makeTemporaryDirectory())
        gate.publicDirectory = "\(directory)/no-pages"
        gate.signing.trustedKeys = [.init(keyID: "k", publicKey: Data(repeating: 1, count: 32).base64EncodedString())]
        let opened = try await Daemon.open(config: gate, logger: logger)
        #expect(opened.publicDirectory == nil)
    }

    @Test func publicDirIsAConfigKey() throws {
        let config = try DaemonConfig.parse(json: Data(
            #"{"store":"FR-1","device":"k1","role":"kiosk","dataDir":"/x","publicDir":"/opt/selfscan/Public"}"#.utf8))
        #expect(config.publicDirectory == "/opt/selfscan/Public")
    }
}
