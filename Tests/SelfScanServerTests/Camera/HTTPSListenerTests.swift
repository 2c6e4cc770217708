import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SelfScanServer
import Testing
import SelfScanTestSupport

/// `listen.tls`: the same API over HTTPS with a configured certificate (self-signed here, made with the
/// openssl CLI), while loopback HTTP keeps working; an unreadable certificate is a clear config error.
@Suite struct HTTPSListenerTests {
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let result = try ChildProcess.run(executable, arguments)
        return (result.status, String(decoding: result.stdout, as: UTF8.self))
    }

    /// A self-signed certificate for 127.0.0.1 (and localhost): returns (certificate, key) paths.
    static func selfSigned(in directory: String) throws -> (String, String) {
        let cert = "\(directory)/cert.pem", key = "\(directory)/key.pem"
        let made = try run("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ])
        #expect(made.status == 0)
        return (cert, key)
    }

    @Test func servesTheAPIOverHTTPSBesideLoopbackHTTP() async throws {
        let directory = try makeTemporaryDirectory("tls")
        let (cert, key) = try Self.selfSigned(in: directory)
        var config = testConfig(role: .store, dataDirectory: try makeTemporaryDirectory())
        config.catalogSeed = .frenchHypermarketDemo
        config.listen.tls = ListenTLS(host: "127.0.0.1", port: 0, certificatePath: cert, privateKeyPath: key)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let daemon = try await Daemon.open(config: config, logger: logger)
        let (ports, portsContinuation) = AsyncStream<Int>.makeStream()
        let app = try buildApplication(daemon: daemon, onTLSRunning: { portsContinuation.yield($0) })
        try await app.test(.live) { client in
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            // curl verifies the chain against the self-signed certificate and the name 127.0.0.1.
            let health = try Self.run("/usr/bin/curl", [
                "-sS", "--cacert", cert, "-o", "/dev/null", "-w", "%{http_code}", "https://127.0.0.1:\(port)/v1/health",
            ])
            #expect(health.output == "200")
            // A session opened over HTTPS is the same daemon's as over loopback HTTP.
            let opened = try Self.run("/usr/bin/curl", [
                "-sS", "--cacert", cert, "-X", "POST", "-H", "Content-Type: application/json", "-d", "{}",
                "https://127.0.0.1:\(port)/v1/sessions",
            ])
            let body = try #require(try JSONSerialization.jsonObject(with: Data(opened.output.utf8)) as? [String: Any])
            let id = try #require((body["session"] as? [String: Any])?["id"] as? String)
            let token = try #require(body["token"] as? String)
            let overHTTP = try await client.json(.get, "/v1/sessions/\(id)", headers: SessionTripTests.sessionHeaders(token))
            #expect(overHTTP.status == .ok)
            // Plain HTTP on the TLS port is refused (no downgrade).
            let plain = try Self.run("/usr/bin/curl", ["-sS", "-m", "5", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(port)/v1/health"])
            #expect(plain.output != "200")
        }
    }

    @Test func anUnreadableCertificateIsAConfigError() async throws {
        var config = testConfig(role: .store, dataDirectory: try makeTemporaryDirectory())
        config.listen.tls = ListenTLS(host: "127.0.0.1", port: 0, certificatePath: "/nonexistent/cert.pem", privateKeyPath: "/nonexistent/key.pem")
        let daemon = try await Daemon.open(config: config)
        #expect(throws: ConfigError.self) { _ = try buildApplication(daemon: daemon) }
    }

    @Test func parsesListenTLS() throws {
        let json = #"""
        {"store": "FR-TEST-001", "device": "d1", "role": "store", "dataDir": "/tmp/x",
         "listen": {"host": "127.0.0.1", "port": 8080,
                    "tls": {"host": "0.0.0.0", "port": 8443, "certificate": "/etc/selfscan/tls/cert.pem", "privateKey": "/etc/selfscan/tls/key.pem"}}}
        """#
        let config = try DaemonConfig.parse(json: Data(json.utf8))
        #expect(config.listen.tls == ListenTLS(host: "0.0.0.0", port: 8443, certificatePath: "/etc/selfscan/tls/cert.pem", privateKeyPath: "/etc/selfscan/tls/key.pem"))
    }
}
