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

    @Option(name: .long, help: "A script file: one behaviour per line (# comments), played after --script.")
    var scriptFile: String?

    @Option(
        name: .customLong("amount"),
        help: "MINOR=BEHAVIOUR: a debit or credit of that amount (minor units) always takes that behaviour, before the script (repeatable).")
    var amountRules: [String] = []

    @Option(name: .long, help: "Delay of a `slow` answer, in milliseconds.")
    var slowMs: Int = 5000

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard (0...600_000).contains(slowMs) else { throw ValidationError("--slow-ms must be 0…600000") }
        _ = try TerminalSimScript.behaviours(script)
        _ = try TerminalSimScript.amountRules(amountRules)
    }

    func run() async throws {
        let fromFile = try scriptFile.map(TerminalSimScript.file) ?? []
        let simulator = try CaisseAPSimulator(
            port: port, script: try TerminalSimScript.behaviours(script) + fromFile, slowAnswer: .milliseconds(slowMs))
        simulator.setAmountRules(try TerminalSimScript.amountRules(amountRules))
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
