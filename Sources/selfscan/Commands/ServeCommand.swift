import ArgumentParser
import Foundation
import SelfScanServer

/// `selfscan serve --config FILE`: runs the store daemon until SIGTERM/SIGINT (graceful shutdown).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the store daemon: local API, scanners, payment, sync (see docs/configuration.md).")

    @Option(name: .long, help: "Path of the JSON config file.")
    var config: String

    @Flag(name: .long, help: "Validate the config file and exit.")
    var check = false

    @Flag(name: .long, help: "Write a new signing key into the keys directory (key rotation) and exit.")
    var newSigningKey = false

    func run() async throws {
        let daemonConfig = try DaemonConfig.load(path: config)
        if check {
            print("config OK: store \(daemonConfig.store) (store ids are lower-case), device \(daemonConfig.device), role \(daemonConfig.role.rawValue)")
            return
        }
        if newSigningKey {
            let (keyID, publicKey) = try SigningKeyring.rotate(
                in: daemonConfig.keysDirectory, store: daemonConfig.store)
            print("new signing key \(keyID) (signs from the next start)")
            print("public key: \(publicKey)")
            return
        }
        DaemonLogging.bootstrap(format: daemonConfig.logFormat, level: daemonConfig.logLevel)
        let app = try buildServeApplication(daemon: try await Daemon.open(config: daemonConfig))
        try await app.runService()
    }
}
