import ArgumentParser

/// `selfscan serve`: not built yet (see the issue tracker); says so and exits non-zero.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "(not built yet)")

    func run() async throws {
        throw ValidationError("'selfscan serve' is not built yet")
    }
}
