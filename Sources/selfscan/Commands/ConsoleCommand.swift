import ArgumentParser

/// `selfscan console`: not built yet (see the issue tracker); says so and exits non-zero.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "console", abstract: "(not built yet)")

    func run() async throws {
        throw ValidationError("'selfscan console' is not built yet")
    }
}
