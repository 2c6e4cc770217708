import ArgumentParser
import Foundation
import SelfScanServer

/// `selfscan staff-pin`: prints the `pinHash` of a staff PIN for the config file (PBKDF2-HMAC-SHA-256, random
/// salt). The PIN is read from standard input (one line) so that it stays out of the shell history.
struct StaffPinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff-pin",
        abstract: "Hash a staff PIN for the config's staff[].pinHash (reads the PIN from stdin).")

    @Option(help: "PBKDF2 rounds (at least \(PINHash.minimumConfigRounds)).")
    var rounds = PINHash.defaultRounds

    func validate() throws {
        guard rounds >= PINHash.minimumConfigRounds else {
            throw ValidationError("--rounds must be at least \(PINHash.minimumConfigRounds)")
        }
    }

    func run() throws {
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("give the PIN on standard input, e.g. printf '%s' 1234 | selfscan staff-pin")
        }
        print(PINHash.make(pin: line, rounds: rounds).text)
    }
}
