import Hummingbird
import HummingbirdTLS
import HummingbirdWebSocket
import Logging
import NIOSSL
import ServiceLifecycle

/// The HTTPS listener (`listen.tls`): the same routers as the HTTP listener (same sessions, same camera
/// pipeline), served over TLS on the store network so phones get the secure context their camera needs.
/// The certificate and key are read once at start: a new certificate takes effect at the next restart
/// (sessions live in SQLite and survive it; docs/configuration.md "HTTPS on the store network").
enum TLSListener {
    static func make(
        daemon: Daemon, tls: ListenTLS,
        router: Router<DaemonRequestContext>, webSocketRouter: Router<DaemonRequestContext>,
        onRunning: @escaping @Sendable (Int) async -> Void
    ) throws -> any Service {
        let configuration = try tlsConfiguration(tls)
        return Application(
            router: router,
            server: try .tls(.http1WebSocketUpgrade(webSocketRouter: webSocketRouter), tlsConfiguration: configuration),
            configuration: ApplicationConfiguration(address: .hostname(tls.host, port: tls.port), serverName: "selfscan"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? tls.port
                daemon.logger.info("HTTPS listening", metadata: ["url": "https://\(tls.host):\(port)"])
                await onRunning(port)
            },
            logger: daemon.logger)
    }

    /// The server TLS configuration (TLS 1.2+) from the PEM files; a clear config error when they don't load.
    static func tlsConfiguration(_ tls: ListenTLS) throws(ConfigError) -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do { chain = try NIOSSLCertificate.fromPEMFile(tls.certificatePath) } catch {
            throw ConfigError(.badValue, path: "listen.tls.certificate", "cannot read a PEM certificate chain from '\(tls.certificatePath)': \(error)")
        }
        guard !chain.isEmpty else {
            throw ConfigError(.badValue, path: "listen.tls.certificate", "'\(tls.certificatePath)' holds no certificate")
        }
        let key: NIOSSLPrivateKey
        do { key = try NIOSSLPrivateKey(file: tls.privateKeyPath, format: .pem) } catch {
            throw ConfigError(.badValue, path: "listen.tls.privateKey", "cannot read a PEM private key from '\(tls.privateKeyPath)': \(error)")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }
}
