import ArgumentParser
import Foundation
import SelfScanServer

/// Parses the Caisse-AP simulator's script options (`selfscan terminal-sim`, `selfscan demo`): behaviour names
/// (`approve`, `decline`, … or the in-process simulator's `cancel`/`timeout`/`lostAnswer`), amount rules
/// `MINOR=BEHAVIOUR`, and script files (one behaviour per line, `#` comments).
enum TerminalSimScript {
    static func behaviour(_ name: String) throws -> CaisseAPSimulatorBehaviour {
        guard let behaviour = CaisseAPSimulatorBehaviour(rawValue: name) ?? CaisseAPSimulator.aliases[name] else {
            let known = CaisseAPSimulatorBehaviour.allCases.map(\.rawValue) + CaisseAPSimulator.aliases.keys.sorted()
            throw ValidationError("unknown terminal behaviour '\(name)' (known: \(known.joined(separator: ", ")))")
        }
        return behaviour
    }

    static func behaviours(_ names: [String]) throws -> [CaisseAPSimulatorBehaviour] {
        try names.map(behaviour)
    }

    static func amountRules(_ rules: [String]) throws -> [Int64: CaisseAPSimulatorBehaviour] {
        var parsed: [Int64: CaisseAPSimulatorBehaviour] = [:]
        for rule in rules {
            let parts = rule.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let minor = Int64(parts[0]), minor > 0 else {
                throw ValidationError("'\(rule)' is not MINOR=BEHAVIOUR (e.g. 1234=decline)")
            }
            parsed[minor] = try behaviour(parts[1])
        }
        return parsed
    }

    /// One behaviour per line; blank lines and `#` comments are skipped.
    static func file(_ path: String) throws -> [CaisseAPSimulatorBehaviour] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read the script file '\(path)'")
        }
        return try String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "" }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .map(behaviour)
    }
}
