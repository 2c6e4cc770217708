public import SelfScanAPI
import SelfScanSync
public import Foundation
public import Logging
import SelfScanStorage

extension DaemonConfig {
    /// Reads and validates a config file.
    public static func load(path: String) throws(ConfigError) -> DaemonConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(.unreadableFile, path: "", "cannot read '\(path)' (missing file or no permission)")
        }
        return try parse(json: data)
    }

    /// Validates a config document (JSON text).
    public static func parse(json data: Data) throws(ConfigError) -> DaemonConfig {
        let root: JSONValue
        do {
            root = try ProtocolJSON.decoder().decode(JSONValue.self, from: data)
        } catch {
            throw ConfigError(.malformedJSON, path: "", "not valid JSON: \(error)")
        }
        return try parse(root)
    }

    static func parse(_ root: JSONValue) throws(ConfigError) -> DaemonConfig {
        var object = try ConfigObject(root, path: "")
        let store = try object.required("store") { (value, path) throws(ConfigError) in
            try DaemonConfig.normaliseStoreID(try ConfigObject.string(value, path), path: path)
        }
        let device = try object.required("device", ConfigObject.string)
        let role = try object.required("role") { (value, path) throws(ConfigError) in
            try ConfigObject.oneOf(value, path, as: DeviceRole.self)
        }
        let dataDirectory = try object.required("dataDir", ConfigObject.string)
        let listen = try object.optional("listen", parseListen) ?? Listen()
        let currency = try object.optional("currency", ConfigObject.string) ?? "EUR"
        guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw ConfigError(.badValue, path: "currency", "'\(currency)' is not an ISO 4217 code like EUR")
        }
        let logLevel = try object.optional("logLevel") { (value, path) throws(ConfigError) in
            try ConfigObject.oneOf(value, path, as: Logger.Level.self)
        } ?? .info
        let logFormat = try object.optional("logFormat") { (value, path) throws(ConfigError) in
            try ConfigObject.oneOf(value, path, as: LogFormat.self)
        } ?? .text
        let referential = try object.optional("referential", parseReferential)
        let staff = try object.optional("staff", parseStaff) ?? []
        let signing = try object.optional("signing", parseSigning) ?? Signing()
        let payment = try object.optional("payment", parsePayment) ?? Payment(terminal: role == .gate ? .none : .simulated)
        let riskLevel = try object.optional("auditRiskLevel") { (value, path) throws(ConfigError) in
            let text = try ConfigObject.string(value, path)
            guard ["low", "medium", "high"].contains(text) else {
                throw ConfigError(.badValue, path: path, "'\(text)' is not one of: low | medium | high")
            }
            return text
        } ?? "medium"
        let scanners = try object.optional("scanners") { (value, path) throws(ConfigError) -> String? in
            var scanners = try ConfigObject(value, path: path)
            let usb = try scanners.optional("usb", ConfigObject.bool) ?? false
            let profiles = try scanners.optional("profilesDir", ConfigObject.string) ?? "/usr/share/selfscan/devices"
            try scanners.finish()
            return usb ? profiles : nil
        } ?? nil
        let printer = try object.optional("printer", PrinterConfig.parse) ?? nil
        let publicDirectory = try object.optional("publicDir", ConfigObject.string)
        let retention = try object.optional("retention") { (value, path) throws(ConfigError) -> RetentionPolicy in
            var retention = try ConfigObject(value, path: path)
            let sessions = try retention.optional("closedSessionDays") { (value, path) throws(ConfigError) in
                try ConfigObject.integer(value, path, in: 1...3650)
            } ?? Int64(RetentionPolicy.defaultClosedSessionDays)
            let audit = try retention.optional("auditLogDays") { (value, path) throws(ConfigError) in
                try ConfigObject.integer(value, path, in: 1...3650)
            } ?? Int64(RetentionPolicy.defaultAuditLogDays)
            try retention.finish()
            return RetentionPolicy(
                closedSessionSeconds: TimeInterval(sessions * 86_400), auditLogSeconds: TimeInterval(audit * 86_400))
        }
        let seed = try object.optional("catalogSeed") { (value, path) throws(ConfigError) in
            try ConfigObject.oneOf(value, path, as: CatalogSeed.self)
        }
        let timeZone = try object.optional("timeZone") { (value, path) throws(ConfigError) -> String in
            let identifier = try ConfigObject.string(value, path)
            guard TimeZone(identifier: identifier) != nil else {
                throw ConfigError(.badValue, path: path, "'\(identifier)' is not a time zone identifier like Europe/Paris")
            }
            return identifier
        }
        let sessionIdleMinutes = try object.optional("sessionIdleMinutes") { (value, path) throws(ConfigError) in
            try ConfigObject.integer(value, path, in: 0...10_080)
        }
        let sessionOpensPerClient = try object.optional("sessionOpensPerClient") { (value, path) throws(ConfigError) in
            try ConfigObject.integer(value, path, in: 0...1000)
        }
        try object.finish()
        var config = DaemonConfig(
            store: store, device: device, role: role, listen: listen, dataDirectory: dataDirectory,
            currency: currency, logLevel: logLevel, logFormat: logFormat, referential: referential, staff: staff,
            signing: signing, payment: payment, auditRiskLevel: riskLevel, catalogSeed: seed)
        config.scannerProfilesDirectory = scanners
        config.printer = printer
        config.publicDirectory = publicDirectory
        config.retention = retention ?? RetentionPolicy()
        if let timeZone { config.timeZone = timeZone }
        if let sessionIdleMinutes { config.sessionIdleMinutes = sessionIdleMinutes }
        if let sessionOpensPerClient { config.sessionOpensPerClient = Int(sessionOpensPerClient) }
        return config
    }

    /// Store ids are lower-case (`[a-z0-9-]`, 1…64), as at the referential: an upper-case id is lower-cased
    /// (`FR-PARIS-0042` → `fr-paris-0042`, so `serve --check` and `referential create-store` agree and pushes
    /// are never refused for case), anything else is refused.
    public static func normaliseStoreID(_ text: String, path: String = "store") throws(ConfigError) -> String {
        let lowered = text.lowercased()
        guard !lowered.isEmpty, lowered.utf8.count <= 64,
            lowered.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D })
        else {
            throw ConfigError(.badValue, path: path, "'\(text)' is not a store id (letters, digits, '-'; 1…64)")
        }
        return lowered
    }

    private static func parseListen(_ value: JSONValue, _ path: String) throws(ConfigError) -> Listen {
        var object = try ConfigObject(value, path: path)
        let host = try object.optional("host", ConfigObject.string) ?? "127.0.0.1"
        let port = try object.optional("port") { (value, path) throws(ConfigError) in
            try ConfigObject.integer(value, path, in: 0...65535)
        } ?? 8080
        var hosts: [String] = []
        for (item, itemPath) in try object.optional("allowedHosts", ConfigObject.array) ?? [] {
            let text = try ConfigObject.string(item, itemPath).lowercased()
            guard !text.isEmpty, !text.contains("/"), !text.contains(" ") else {
                throw ConfigError(.badValue, path: itemPath, "expected a host name like kiosk-07.store.example")
            }
            hosts.append(text)
        }
        var origins: [String] = []
        for (item, itemPath) in try object.optional("allowedOrigins", ConfigObject.array) ?? [] {
            let text = try ConfigObject.string(item, itemPath).lowercased()
            let rest: Substring? = text.hasPrefix("https://") ? text.dropFirst(8) : text.hasPrefix("http://") ? text.dropFirst(7) : nil
            guard let rest, !rest.isEmpty, !rest.contains("/"), !rest.contains(" ") else {
                throw ConfigError(.badValue, path: itemPath, "expected an origin like http://kiosk-07.store.example:8080")
            }
            origins.append(text)
        }
        let tls = try object.optional("tls", parseListenTLS)
        try object.finish()
        return Listen(host: host, port: Int(port), allowedHosts: hosts, allowedOrigins: origins, tls: tls)
    }

    private static func parseReferential(_ value: JSONValue, _ path: String) throws(ConfigError) -> Referential {
        var object = try ConfigObject(value, path: path)
        let url = try object.required("url", ConfigObject.string)
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw ConfigError(.badValue, path: object.childPath("url"), "'\(url)' is not an http(s) URL")
        }
        let token = try object.optional("token", ConfigObject.string)
        try object.finish()
        return Referential(url: url, token: token)
    }

    private static func parseStaff(_ value: JSONValue, _ path: String) throws(ConfigError) -> [StaffMember] {
        var members: [StaffMember] = []
        for (item, itemPath) in try ConfigObject.array(value, path) {
            var object = try ConfigObject(item, path: itemPath)
            let id = try object.required("id", ConfigObject.string)
            let name = try object.optional("name", ConfigObject.string) ?? id
            let badge = try object.required("badge", ConfigObject.string)
            let credential: StaffMember.Credential
            if let text = try object.optional("pinHash", ConfigObject.string) {
                guard let hash = PINHash(text), hash.rounds >= PINHash.minimumConfigRounds else {
                    throw ConfigError(
                        .badValue, path: object.childPath("pinHash"),
                        "expected pbkdf2-sha256$<rounds ≥ \(PINHash.minimumConfigRounds)>$<salt>$<key>: "
                            + "run `selfscan staff-pin --id \(id)` and paste what it prints")
                }
                credential = .pbkdf2(hash)
                if try object.optional("pinSHA256", ConfigObject.string) != nil {
                    throw ConfigError(
                        .badValue, path: object.childPath("pinSHA256"), "give pinHash or pinSHA256, not both")
                }
            } else {
                guard let legacy = try object.optional("pinSHA256", ConfigObject.string)?.lowercased() else {
                    throw ConfigError(
                        .missingKey, path: object.childPath("pinHash"),
                        "is required: run `selfscan staff-pin --id \(id)` and paste what it prints")
                }
                guard legacy.count == 64, legacy.allSatisfy(\.isHexDigit) else {
                    throw ConfigError(
                        .badValue, path: object.childPath("pinSHA256"),
                        "expected 64 hex digits (legacy): better, replace it by pinHash from `selfscan staff-pin --id \(id)`")
                }
                credential = .legacySHA256(legacy)
            }
            var roles: Set<StaffRole> = []
            for (roleValue, rolePath) in try object.required("roles", ConfigObject.array) {
                roles.insert(try ConfigObject.oneOf(roleValue, rolePath, as: StaffRole.self))
            }
            guard !roles.isEmpty else {
                throw ConfigError(.badValue, path: object.childPath("roles"), "give at least one role")
            }
            try object.finish()
            guard !members.contains(where: { $0.id == id || $0.badge == badge }) else {
                throw ConfigError(.badValue, path: itemPath, "staff id '\(id)' or its badge appears twice")
            }
            members.append(StaffMember(id: id, name: name, badge: badge, credential: credential, roles: roles))
        }
        return members
    }

    private static func parseSigning(_ value: JSONValue, _ path: String) throws(ConfigError) -> Signing {
        var object = try ConfigObject(value, path: path)
        let keysDirectory = try object.optional("keysDir", ConfigObject.string)
        var trusted: [TrustedKey] = []
        for (item, itemPath) in try object.optional("trustedKeys", ConfigObject.array) ?? [] {
            var key = try ConfigObject(item, path: itemPath)
            let keyID = try key.required("keyID", ConfigObject.string)
            let publicKey = try key.required("publicKey", ConfigObject.string)
            guard let raw = Data(base64Encoded: publicKey), raw.count == 32 else {
                throw ConfigError(
                    .badValue, path: key.childPath("publicKey"), "expected a base64 raw Ed25519 public key (32 bytes)")
            }
            try key.finish()
            guard !trusted.contains(where: { $0.keyID == keyID }) else {
                throw ConfigError(
                    .badValue, path: key.childPath("keyID"),
                    "key id '\(keyID)' is listed twice: each trusted key needs its own id (remove the stale entry)")
            }
            trusted.append(TrustedKey(keyID: keyID, publicKey: publicKey))
        }
        let exitLifetime = try object.optional("exitPassLifetimeSeconds") { (value, path) throws(ConfigError) in
            try ConfigObject.integer(value, path, in: 10...86_400)
        } ?? 900
        let handoffLifetime = try object.optional("handoffLifetimeSeconds") { (value, path) throws(ConfigError) in
            try ConfigObject.integer(value, path, in: 10...86_400)
        } ?? 900
        try object.finish()
        return Signing(
            keysDirectory: keysDirectory, trustedKeys: trusted, exitPassLifetimeSeconds: Int(exitLifetime),
            handoffLifetimeSeconds: Int(handoffLifetime))
    }

    private static func parsePayment(_ value: JSONValue, _ path: String) throws(ConfigError) -> Payment {
        var object = try ConfigObject(value, path: path)
        let terminal = try object.optional("terminal") { (value, path) throws(ConfigError) in
            try ConfigObject.oneOf(value, path, as: Payment.Terminal.self)
        } ?? .simulated
        var script: [SimulatedOutcome] = []
        for (item, itemPath) in try object.optional("script", ConfigObject.array) ?? [] {
            script.append(try ConfigObject.oneOf(item, itemPath, as: SimulatedOutcome.self))
        }
        let caisseAP = try object.optional("caisseAP", parseCaisseAP)
        try object.finish()
        if terminal == .caisseAP && caisseAP == nil {
            throw ConfigError(.badValue, path: "\(path).caisseAP", "a caisseAP terminal needs its host and port")
        }
        return Payment(terminal: terminal, script: script, caisseAP: caisseAP)
    }

    private static func parseCaisseAP(_ value: JSONValue, _ path: String) throws(ConfigError) -> CaisseAPTerminal.Settings {
        var object = try ConfigObject(value, path: path)
        var settings = CaisseAPTerminal.Settings()
        settings.host = try object.required("host", ConfigObject.string)
        settings.port = Int(try object.required("port") { (value, path) throws(ConfigError) in
            try ConfigObject.integer(value, path, in: 1...65535)
        })
        if let register = try object.optional("register", ConfigObject.string) {
            guard register.count == 2, register.allSatisfy(\.isASCII), register.allSatisfy(\.isNumber) else {
                throw ConfigError(.badValue, path: "\(path).register", "two digits, e.g. \"01\"")
            }
            settings.registerNumber = register
        }
        if let protocolID = try object.optional("protocolID", ConfigObject.string) {
            guard (1...999).contains(protocolID.utf8.count), protocolID.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw ConfigError(.badValue, path: "\(path).protocolID", "printable ASCII without spaces")
            }
            settings.protocolID = protocolID
        }
        if let seconds = try object.optional("answerTimeoutSeconds", { (value, path) throws(ConfigError) in
            try ConfigObject.integer(value, path, in: 1...600)
        }) {
            settings.answerTimeout = .seconds(seconds)
        }
        if let seconds = try object.optional("connectTimeoutSeconds", { (value, path) throws(ConfigError) in
            try ConfigObject.integer(value, path, in: 1...60)
        }) {
            settings.connectTimeout = .seconds(seconds)
        }
        try object.finish()
        return settings
    }
}
