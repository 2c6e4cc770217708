import ArgumentParser

/// `selfscan code`: not built yet (see the issue tracker); says so and exits non-zero.
struct CodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "code", abstract: "(not built yet)")

    func run() async throws {
        throw ValidationError("'selfscan code' is not built yet")
    }
}
