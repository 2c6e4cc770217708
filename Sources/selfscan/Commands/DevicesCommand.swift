import ArgumentParser

/// `selfscan devices`: not built yet (see the issue tracker); says so and exits non-zero.
struct DevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "devices", abstract: "(not built yet)")

    func run() async throws {
        throw ValidationError("'selfscan devices' is not built yet")
    }
}
