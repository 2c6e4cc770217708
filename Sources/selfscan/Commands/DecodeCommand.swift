import ArgumentParser

/// `selfscan decode`: not built yet (see the issue tracker); says so and exits non-zero.
struct DecodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "decode", abstract: "(not built yet)")

    func run() async throws {
        throw ValidationError("'selfscan decode' is not built yet")
    }
}
