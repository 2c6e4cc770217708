import ArgumentParser

/// `selfscan demo`: not built yet (see the issue tracker); says so and exits non-zero.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "(not built yet)")

    func run() async throws {
        throw ValidationError("'selfscan demo' is not built yet")
    }
}
