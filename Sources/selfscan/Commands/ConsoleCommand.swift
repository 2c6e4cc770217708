import ArgumentParser
import Foundation
import SelfScanConsole

/// `selfscan console`: the store manager's live terminal console over one store-role daemon's API
/// (docs/console.md). `--once` prints one snapshot (as text, or `--json`) for scripts.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "The store manager's live console (ncurses); --once --json prints one snapshot.")

    @Option(name: .long, help: "The store daemon's URL.")
    var url: String = "http://127.0.0.1:8080"

    @Option(name: .long, help: "The manager's staff badge (or env SELFSCAN_BADGE).")
    var badge: String?

    @Option(name: .long, help: "The manager's PIN (or env SELFSCAN_PIN).")
    var pin: String?

    @Option(name: .long, help: "Staff role to log in with: attendant, auditor or supervisor.")
    var role: String = "supervisor"

    @Flag(name: .long, help: "Print one snapshot and exit.")
    var once = false

    @Flag(name: .long, help: "With --once: print JSON instead of the 80x24 text screen.")
    var json = false

    @Option(
        name: .long,
        help: "Seconds between full refreshes in the live console (live events update it at once in between).")
    var refresh: Double = 5

    func validate() throws {
        guard ["attendant", "auditor", "supervisor"].contains(role) else {
            throw ValidationError("--role must be attendant, auditor or supervisor")
        }
        guard json == false || once else { throw ValidationError("--json goes with --once") }
        guard (0.2...60).contains(refresh) else { throw ValidationError("--refresh must be 0.2…60 seconds") }
        guard (badge == nil) == (pin == nil) || ProcessInfo.processInfo.environment["SELFSCAN_PIN"] != nil else {
            throw ValidationError("give both --badge and --pin")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let credentials = (badge ?? environment["SELFSCAN_BADGE"]).flatMap { badge in
            (pin ?? environment["SELFSCAN_PIN"]).map { DaemonClient.Credentials(badge: badge, pin: $0, role: role) }
        }
        do {
            let client = try DaemonClient(url: url, credentials: credentials)
            let poller = SnapshotPoller(client: client)
            if once {
                let snapshot = try await poller.snapshot()
                if json {
                    print(try SnapshotPoller.json(snapshot))
                } else {
                    var state = ConsoleViewState()
                    state.connection = .connected
                    let offset = StoreTimeZone.utcOffsetSeconds(snapshot.daemon.timeZone, at: snapshot.takenAt)
                    let lines = ConsoleLayout(width: 80, height: 24, utcOffsetSeconds: offset).render(
                        snapshot: snapshot, state: state, now: snapshot.takenAt)
                    print(lines.map(\.text).joined(separator: "\n"))
                }
                return
            }
            try await InteractiveConsole(poller: poller, refreshSeconds: refresh, environment: environment).run()
        } catch {
            FileHandle.standardError.write(Data("selfscan console: \(error.message)\n".utf8))
            throw ExitCode(error.code == .badCredentials || error.code == .missingCredentials ? 3 : 2)
        }
    }
}
