import ArgumentParser

/// `selfscan referential`: not built yet (see the issue tracker); says so and exits non-zero.
struct ReferentialCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "referential", abstract: "(not built yet)")

    func run() async throws {
        throw ValidationError("'selfscan referential' is not built yet")
    }
}
