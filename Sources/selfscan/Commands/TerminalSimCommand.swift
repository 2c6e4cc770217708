import ArgumentParser
import Foundation
import SelfScanServer

/// `selfscan terminal-sim`: a payment terminal speaking Caisse-AP over IP on loopback, for trying a daemon
/// configured with `payment.terminal = "caisseAP"` without a card. Ctrl-C stops it.
struct TerminalSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terminal-sim",
        abstract: "Run a simulated Caisse-AP payment terminal on a loopback TCP port.")

    @Option(name: .long, help: "TCP port on 127.0.0.1 (0: a free one, printed).")
    var port: Int = 8888

    @Option(
        name: .long, parsing: .upToNextOption,
        help: "Behaviours of the next debits and credits, in order, then approve: \(CaisseAPSimulatorBehaviour.allCases.map(\.rawValue).joined(separator: " | ")).")
    var script: [String] = []

    @Option(name: .long, help: "Delay of a `slow` answer, in milliseconds.")
    var slowMs: Int = 5000

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard (0...600_000).contains(slowMs) else { throw ValidationError("--slow-ms must be 0…600000") }
        for item in script where CaisseAPSimulatorBehaviour(rawValue: item) == nil {
            throw ValidationError("unknown behaviour '\(item)'")
        }
    }

    func run() async throws {
        let simulator = try CaisseAPSimulator(
            port: port, script: script.compactMap(CaisseAPSimulatorBehaviour.init(rawValue:)),
            slowAnswer: .milliseconds(slowMs))
        print("Caisse-AP terminal simulator on 127.0.0.1:\(simulator.port). Ctrl-C to stop.")
        fflush(nil)
        var seen = 0
        while true {
            await simulator.waitForRequests(seen + 1)
            seen = simulator.requestCount
            if let last = simulator.ledger.last {
                print("request \(seen): ledger \(simulator.ledger.count) entries, last \(last.kind.rawValue) \(last.minor) (\(last.currencyNumeric)) auth \(last.authorisation)")
            } else {
                print("request \(seen): nothing charged")
            }
            fflush(nil)
        }
    }
}
