import SelfScanAPI

/// `listen.tls`: a second listener serving the same API over HTTPS (docs/configuration.md, "HTTPS on the
/// store network"). The plain HTTP listener (`listen.host`, loopback by default) stays.
public struct ListenTLS: Sendable, Hashable {
    /// Address of the HTTPS listener (`0.0.0.0` for the store network).
    public var host: String
    /// 0 picks a free port (tests).
    public var port: Int
    /// PEM certificate chain (leaf first) and PEM private key, read at start (rotation = restart).
    public var certificatePath: String
    public var privateKeyPath: String

    public init(host: String = "0.0.0.0", port: Int = 8443, certificatePath: String, privateKeyPath: String) {
        self.host = host
        self.port = port
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
    }
}

extension DaemonConfig {
    static func parseListenTLS(_ value: JSONValue, _ path: String) throws(ConfigError) -> ListenTLS {
        var object = try ConfigObject(value, path: path)
        let host = try object.optional("host", ConfigObject.string) ?? "0.0.0.0"
        let port = try object.optional("port") { (value, path) throws(ConfigError) in
            try ConfigObject.integer(value, path, in: 0...65535)
        } ?? 8443
        let certificate = try object.required("certificate", ConfigObject.string)
        let key = try object.required("privateKey", ConfigObject.string)
        try object.finish()
        return ListenTLS(host: host, port: Int(port), certificatePath: certificate, privateKeyPath: key)
    }
}
